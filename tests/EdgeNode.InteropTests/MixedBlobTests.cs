using EdgeNode.InteropTests.Peers;

namespace EdgeNode.InteropTests;

/// <summary>
/// Blobs in a mixed network: an EdgeLake node fetches a blob an EdgeNode operator stored (<c>run client (...) file
/// retrieve</c>): the EdgeNode operator sends it back as the <c>file write</c> transfer EdgeLake's nodes understand.
/// </summary>
[Collection(MixedNetworkCollection.Name)]
public sealed class MixedBlobTests(MixedNetwork network)
{
    [Fact]
    public async Task An_edgelake_node_fetches_a_blob_from_an_edgenode_operator_byte_identical()
    {
        PeerFolder.Require();
        var image = GeneratedBlobs.Image(42, 300_000);
        var md5 = GeneratedBlobs.Md5(image);
        var source = Path.Combine(Path.GetDirectoryName(network.EdgeNodeOperator.Home)!, $"interop-{md5}.png");
        await File.WriteAllBytesAsync(source, image, TestContext.Current.CancellationToken);
        try
        {
            var stored = await network.EdgeNodeOperator.OkAsync($"file store where dbms = interop and table = images and source = {source}");
            Assert.Contains($"Blob {md5}.png of interop.images stored", stored, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(source);
        }

        var dest = Path.Combine(network.EdgeLakeQuery.Home, $"fetched-{md5}.png");
        await network.EdgeLakeQuery.Rest.PostAsync(
            $"run client ({network.EdgeNodeOperatorAddress}) file retrieve where dbms = interop and table = images and id = {md5}.png and dest = {dest}");
        await Eventually.HoldsAsync(() => File.Exists(dest), "the blob landed on the EdgeLake node", TimeSpan.FromSeconds(20));
        Assert.Equal(image, await File.ReadAllBytesAsync(dest, TestContext.Current.CancellationToken));
    }
}

using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeNode.Core.Commands;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace EdgeNode.Network.Rest;

/// <summary>
/// The certificate files of <c>run rest server where ssl = true</c>, named as EdgeLake names them in <c>!pem_dir</c>
/// (organization lowercased, spaces replaced by '-'): <c>server-&lt;org&gt;-public-key.crt</c>,
/// <c>server-&lt;org&gt;-private-key.key</c> and, to verify client certificates, <c>ca-&lt;ca_org&gt;-public-key.crt</c>.
/// </summary>
internal sealed record RestTlsFiles(string ServerCertificate, string ServerKey, string? CaCertificate)
{
    public static string FileOrg(string org) => org.Trim().ToLowerInvariant().Replace(' ', '-');

    /// <summary>Finds the files; a missing one throws a <see cref="CommandSyntaxException"/> naming the path expected.</summary>
    public static RestTlsFiles Locate(string pemDir, string serverOrg, string? caOrg)
    {
        var server = FileOrg(serverOrg);
        var files = new RestTlsFiles(
            Path.Combine(pemDir, $"server-{server}-public-key.crt"),
            Path.Combine(pemDir, $"server-{server}-private-key.key"),
            caOrg is null ? null : Path.Combine(pemDir, $"ca-{FileOrg(caOrg)}-public-key.crt"));
        foreach (var path in new[] { files.ServerCertificate, files.ServerKey, files.CaCertificate })
            if (path is not null && !File.Exists(path))
                throw new CommandSyntaxException($"ssl = true: certificate file '{path}' does not exist", 0, ErrorCode.FileNotFound);
        return files;
    }

    /// <summary>
    /// Kestrel's TLS settings: TLS 1.2 or 1.3 with the server certificate; with a CA, client certificates are required (or
    /// optional, EdgeLake's CERT_OPTIONAL) and any certificate presented must chain to that CA, else the handshake fails.
    /// </summary>
    public HttpsConnectionAdapterOptions CreateHttpsOptions(bool clientCertificateRequired)
    {
        var (certificate, ca) = Load();
        var options = new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = ca is null
                ? ClientCertificateMode.NoCertificate
                : clientCertificateRequired ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.AllowCertificate,
        };
        // the platform's verdict (system roots) is irrelevant: a client is trusted when it chains to the configured CA
        if (ca is not null) options.ClientCertificateValidation = (client, _, _) => ChainsTo(client, ca);
        return options;
    }

    /// <summary>Loads the server certificate with its key, and the CA when one is configured.</summary>
    public (X509Certificate2 Certificate, X509Certificate2? Ca) Load()
    {
        try
        {
            return (X509Certificate2.CreateFromPemFile(ServerCertificate, ServerKey),
                CaCertificate is null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificate)));
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or ArgumentException)
        {
            throw new CommandSyntaxException($"ssl = true: cannot load the certificates of {Path.GetDirectoryName(ServerCertificate)}: {e.Message}",
                0, ErrorCode.FileError);
        }
    }

    /// <summary>True when <paramref name="client"/> chains to <paramref name="ca"/> (the only trusted root; no revocation check).</summary>
    public static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}

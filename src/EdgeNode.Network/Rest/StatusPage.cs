using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// The status page a browser gets at <c>/</c>: plain HTML with a small script (embedded in the assembly, no build tool
/// chain) that reads <c>/status.json</c> every 5 seconds. Served only to requests that are not AnyLog calls: a GET of
/// <c>/</c> with no <c>command</c> (header, JSON body key or URL form) that accepts <c>text/html</c>, as browsers send.
/// curl and AnyLog clients send <c>Accept: */*</c> and keep getting <c>get status</c>.
/// </summary>
internal static class StatusPage
{
    public static string Html { get; } = Load();

    public static bool IsPageRequest(HttpRequest request, RestRequestFields fields) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path.Value is null or "/"
        && fields["command"] is null
        && request.Headers.Accept.Any(value => value is not null && value.Contains("text/html", StringComparison.OrdinalIgnoreCase));

    private static string Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("EdgeNode.StatusPage.html")
                           ?? throw new InvalidOperationException("the status page is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

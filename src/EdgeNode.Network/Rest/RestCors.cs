using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Cross-origin headers, so browser tools (AnyLog's Remote CLI, dashboards) can call the node: EdgeLake's three headers on
/// every reply, and an answer to the preflight <c>OPTIONS</c> a browser sends before a call with custom headers.
/// </summary>
internal static class RestCors
{
    private static readonly StringValues Any = "*";
    private static readonly StringValues Origin = "Origin";
    private static readonly StringValues Methods = "GET, POST, PUT, OPTIONS";
    private static readonly StringValues KnownHeaders =
        "command, destination, subset, timeout, into, assignment, dbms, table, mode, type, source, instructions, topic, " +
        "AnyLog-Agent, User-Agent, Content-Type";
    private static readonly StringValues MaxAge = "86400";

    public static void AddHeaders(IHeaderDictionary headers)
    {
        headers.AccessControlAllowOrigin = Any;
        headers.Vary = Origin;
        headers.AccessControlExposeHeaders = Any;
    }

    /// <summary>Allows the methods and the headers the browser asks for (a <c>*</c> would not cover every header).</summary>
    public static void AnswerPreflight(HttpRequest request, HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.AccessControlAllowMethods = Methods;
        var requested = request.Headers.AccessControlRequestHeaders;
        response.Headers.AccessControlAllowHeaders = StringValues.IsNullOrEmpty(requested) ? KnownHeaders : requested;
        response.Headers.AccessControlMaxAge = MaxAge;
        response.ContentLength = 0;
    }
}

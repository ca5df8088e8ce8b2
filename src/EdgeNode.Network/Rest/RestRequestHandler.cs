using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.Output;
using EdgeNode.Core.Security;
using Microsoft.AspNetCore.Http;

namespace EdgeNode.Network.Rest;

/// <summary>
/// Every HTTP request of the REST server: CORS preflight, <c>/health</c> and <c>/api/status</c>, PUT ingest, and GET/POST
/// command calls. Requests are checked before they take a pool slot (so a malformed or slow request holds none); the work
/// then runs in a slot of the <see cref="RestWorkerPool"/> within the call's timeout. A call that times out answers at
/// once, its command is cancelled and watched by <see cref="RestAbandonedCalls"/>.
/// </summary>
internal sealed class RestRequestHandler
{
    public const string TraceWords = "run rest server";
    private const int TracedBodyBytes = 4096;

    /// <summary>Extra wait given to calls with a destination so the network layer's own timeout (partial replies) wins.</summary>
    private const long NetworkGraceSeconds = 2;

    /// <summary>Request bytes all calls may hold at once: four bodies of the largest size, at least 256 MB.</summary>
    private const long MinimumBodyBudget = 256L * 1024 * 1024;

    private readonly Node _node;
    private readonly RestServerOptions _options;
    private readonly RestCommandExecutor _commands;
    private readonly RestIngestExecutor _ingest;
    private readonly RestFileUpload _uploads;

    public RestRequestHandler(Node node, RestServerOptions options)
    {
        _node = node;
        _options = options;
        _commands = new RestCommandExecutor(node);
        _ingest = new RestIngestExecutor(node);
        _uploads = new RestFileUpload(node, _commands);
        Pool = new RestWorkerPool(options.Threads);
        Calls = new RestCallStatistics(node.Time);
        Abandoned = new RestAbandonedCalls(node.Log);
        Bodies = new RestBodyBudget(Math.Max(4 * options.MaxBodySize, MinimumBodyBudget));
        _status = new Monitoring.StatusReport(node);
        _users = node.Services.Find<Security.UserStore>();
        _authenticator = node.Services.Find<Security.RestAuthenticator>();
    }

    private readonly Security.UserStore? _users;
    private readonly Security.RestAuthenticator? _authenticator;

    /// <summary>Null when the caller may bring rows in (PUT, <c>command: data</c>), else the refusal.</summary>
    private RestReply? RefuseData(string method)
    {
        if (CallerIdentity.Current is { ReadOnly: true } caller)
            return Error(method, StatusCodes.Status403Forbidden, ErrorCode.UnauthorizedCommand, $"user '{caller.User}' may only read: data is refused");
        return _node.Access.Rest.AllowsData ? null
            : Error(method, StatusCodes.Status403Forbidden, ErrorCode.UnauthorizedCommand,
                $"data is not allowed to REST callers on this node (allowed: {_node.Access.Rest.Text})");
    }

    private readonly Monitoring.StatusReport _status;

    /// <summary>The node's Prometheus exporter, made with the first REST server and kept for the node's life.</summary>
    private Monitoring.PrometheusExporter Exporter
    {
        get
        {
            lock (_node.Services)
            {
                if (_node.Services.Find<Monitoring.PrometheusExporter>() is { } exporter) return exporter;
                exporter = new Monitoring.PrometheusExporter(_node);
                _node.Services.Add(exporter);
                _node.OnShutdown(() =>
                {
                    exporter.Dispose();
                    return Task.CompletedTask;
                });
                return exporter;
            }
        }
    }

    /// <summary>Creates the exporter now, so that the query latency histogram counts from the server's start.</summary>
    public void StartMetrics() => _ = Exporter;

    public RestWorkerPool Pool { get; }
    public RestCallStatistics Calls { get; }
    public RestAbandonedCalls Abandoned { get; }
    public RestBodyBudget Bodies { get; }

    public async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        RestCors.AddHeaders(http.Response.Headers);
        if (HttpMethods.IsOptions(request.Method))
        {
            RestCors.AnswerPreflight(request, http.Response);
            return;
        }
        var fields = new RestRequestFields(request.Headers, request.QueryString.Value);
        var method = request.Method.ToUpperInvariant();
        string? error = null;
        try
        {
            var reply = await RouteAsync(http, fields, method);
            error = reply.ErrorText;
        }
        catch (BadHttpRequestException e)
        {
            var code = e.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => ErrorCode.MessageTooLarge,
                StatusCodes.Status503ServiceUnavailable => ErrorCode.ServerBusy,
                StatusCodes.Status408RequestTimeout => ErrorCode.Timeout, // a body that arrives too slowly (Kestrel's minimum data rate)
                _ => ErrorCode.CommandStructure,
            };
            error = await TryWriteAsync(http, Error(method, e.StatusCode, code, e.Message));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            error = "Client disconnected";
        }
        catch (Exception e)
        {
            _node.Log.Error($"REST {method} call failed: {e}");
            error = await TryWriteAsync(http, Error(method, StatusCodes.Status500InternalServerError, ErrorCode.ProcessFailure, e.Message));
        }
        finally
        {
            Calls.Record(fields.Agent.Product, method, Remote(http), error);
        }
    }

    private async Task<RestReply> RouteAsync(HttpContext http, RestRequestFields fields, string method)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path.Equals("/health", StringComparison.OrdinalIgnoreCase)) return await WriteAsync(http, Health());
        if (path.Equals("/api/status", StringComparison.OrdinalIgnoreCase))
            return await WriteAsync(http, RestReply.Json(PyJson.Serialize(new JsonObject { ["status"] = "ok" })));
        // everything else needs a user when authentication is on; the caller then flows into the commands the call runs
        if (_users?.Enabled == true)
        {
            var caller = await _authenticator!.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
            if (caller is null)
                return await WriteAsync(http, Error(method, StatusCodes.Status401Unauthorized, ErrorCode.AuthenticationFailed,
                        "this node requires a user: send 'Authorization: Basic <user:password>' or 'Authorization: Bearer <token>'")
                    .WithHeader("WWW-Authenticate", "Basic realm=\"EdgeNode\", charset=\"UTF-8\""));
            CallerIdentity.Current = caller;
        }
        if (path.Equals("/metrics", StringComparison.OrdinalIgnoreCase))
            return await WriteAsync(http, RestReply.Typed(Monitoring.PrometheusExporter.ContentType,
                await Exporter.ScrapeAsync(http.RequestAborted)));
        if (path.Equals("/status.json", StringComparison.OrdinalIgnoreCase))
            return await WriteAsync(http, RestReply.Typed("application/json", await _status.BuildAsync(http.RequestAborted)));
        if (StatusPage.IsPageRequest(http.Request, fields)) return await WriteAsync(http, RestReply.Html(StatusPage.Html));
        if (path.StartsWith("/mcp", StringComparison.OrdinalIgnoreCase))
            return await WriteAsync(http, Error(method, StatusCodes.Status404NotFound, ErrorCode.NotSupported,
                "this node has no MCP server (EdgeLake's /mcp endpoints): use the command headers on /"));
        return method switch
        {
            "PUT" => await PutAsync(http, fields),
            "GET" or "HEAD" or "POST" => await CommandAsync(http, fields, method),
            _ => await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, ErrorCode.WrongHttpMethod,
                $"HTTP method {method} is not supported: use GET, POST or PUT")),
        };
    }

    private async Task<RestReply> CommandAsync(HttpContext http, RestRequestFields fields, string method)
    {
        var header = fields["command"];
        // a body of commands is bounded far below the body limit for data: a huge command costs memory many times its size
        var isData = header is not null && header.Equals("data", StringComparison.OrdinalIgnoreCase);
        var body = method == "POST"
            ? await RestBody.ReadAsync(http.Request, Bodies, http.RequestAborted, isData ? long.MaxValue : _options.MaxCommandSize,
                "a command body (max_command_size)")
            : RestBody.Empty;
        Trace(http, fields, method, header ?? "", body);
        if (method == "POST" && isData)
        {
            if (RefuseData(method) is { } refused)
            {
                body.Dispose();
                return await WriteAsync(http, refused);
            }
            if (fields["topic"] is not { } topic)
            {
                body.Dispose();
                return await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, ErrorCode.MissingHeader, "'command: data' needs a 'topic' header"));
            }
            var length = body.Length;
            var published = await RunAsync(http, method, _options.Timeout, body,
                token => _ingest.PublishAsync(topic, fields.Agent, body, method, token));
            LogData(http, method, $"data topic = {topic}", length, published);
            return published;
        }

        if (method == "POST" && header is not null && body.Length > 0 && RestFileUpload.Applies(header))
            return await UploadAsync(http, fields, method, body);

        RestCommandCall? call;
        ErrorCode code;
        string error;
        using (body) call = RestCommandCallParser.Parse(method, fields, body, out code, out error);
        if (call is null) return await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, code, error));
        foreach (var command in call.Commands)
            if (RestMethodRule.Check(_node.Commands, command, call.IsGet) is { } wrong)
                return await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, ErrorCode.WrongHttpMethod, wrong));
        if (call.Destination is not null && _node.Commands.Find("run client") is null)
            return await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, ErrorCode.NetworkNotAvailable,
                $"destination '{call.Destination}' needs the TCP peer client ('run client'), which this node does not have"));

        var seconds = call.TimeoutSeconds ?? _options.TimeoutSeconds;
        var networkTimeout = call.Destination is null ? 0 : seconds;
        var timeout = seconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(seconds + (networkTimeout > 0 ? NetworkGraceSeconds : 0));
        return await RunAsync(http, method, timeout, null, token => _commands.ExecuteAsync(call, networkTimeout, token));
    }

    /// <summary><c>file store</c> with the file as the body (EdgeLake's upload): the body is the file, not commands.</summary>
    private async Task<RestReply> UploadAsync(HttpContext http, RestRequestFields fields, string method, RestBody body)
    {
        var call = RestCommandCallParser.Parse(method, fields, RestBody.Empty, out var code, out var error);
        if (call is null || call.Destination is not null)
        {
            body.Dispose();
            return await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, call is null ? code : ErrorCode.NotSupported,
                call is null ? error : "'file store' with the file as the body runs on this node only: send it without a destination"));
        }
        return await RunAsync(http, method, _options.Timeout, body, async token =>
        {
            try
            {
                return await _uploads.StoreAsync(call, http.Request.ContentType, body, token);
            }
            catch (InvalidDataException e)
            {
                return Error(method, StatusCodes.Status400BadRequest, ErrorCode.CommandStructure, $"the uploaded form cannot be read: {e.Message}");
            }
        });
    }

    private async Task<RestReply> PutAsync(HttpContext http, RestRequestFields fields)
    {
        if (RefuseData("PUT") is { } refused) return await WriteAsync(http, refused);
        var put = RestPutRequest.Parse(fields, out var code, out var error);
        if (put is null) return await WriteAsync(http, RestReply.IngestError(StatusCodes.Status400BadRequest, code, error));
        var body = await RestBody.ReadAsync(http.Request, Bodies, http.RequestAborted);
        var description = $"{put.Dbms}.{put.Table} " + (put.IsBlob ? "type = blob" : $"mode = {(put.Streaming ? "streaming" : "file")}");
        Trace(http, fields, "PUT", description, put.IsBlob ? RestBody.Empty : body); // a blob's bytes are not text to show
        var length = body.Length;
        var reply = await RunAsync(http, "PUT", _options.Timeout, body,
            token => put.IsBlob ? _ingest.PutBlobAsync(put, body, token) : _ingest.PutAsync(put, body, token));
        LogData(http, "PUT", description, length, reply);
        return reply;
    }

    /// <summary><c>streaming_log = true</c>: one event log line per data call, with its size and result.</summary>
    private void LogData(HttpContext http, string method, string description, int bytes, RestReply reply)
    {
        if (!_options.StreamingLog) return;
        _node.Log.Event($"REST {method} data from {Remote(http)}: {description}, {bytes} bytes: {reply.ErrorText ?? "Success"}");
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a pool slot within <paramref name="timeout"/> and writes its reply.
    /// <paramref name="input"/> (the pooled body the work reads) is released when the work is over, which for a call that
    /// timed out is later than the reply.
    /// </summary>
    private async Task<RestReply> RunAsync(HttpContext http, string method, TimeSpan timeout, IDisposable? input,
        Func<CancellationToken, Task<RestReply>> work)
    {
        var started = Stopwatch.GetTimestamp();
        RestWorkerLease lease;
        try
        {
            lease = await Pool.AcquireAsync(timeout, http.RequestAborted);
        }
        catch
        {
            input?.Dispose();
            throw;
        }
        using (lease)
        {
            if (!lease.Acquired)
            {
                input?.Dispose();
                return await WriteAsync(http, Error(method, StatusCodes.Status503ServiceUnavailable, ErrorCode.ServerBusy,
                    $"all {Pool.Threads} REST threads stayed busy for the call's timeout"));
            }
            var left = timeout == Timeout.InfiniteTimeSpan
                ? timeout
                : TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (timeout - Stopwatch.GetElapsedTime(started)).Ticks));
            var cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _node.ShutdownToken);
            // a command that blocks its thread must not block the request: the work runs on its own pool thread
            var running = Task.Run(() => work(cancellation.Token), CancellationToken.None);
            RestReply reply;
            try
            {
                reply = await running.WaitAsync(left, http.RequestAborted);
            }
            catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
            {
                await cancellation.CancelAsync();
                Abandoned.Track(running, cancellation, input, $"{method} {http.Request.Headers["command"]}".TrimEnd());
                if (e is OperationCanceledException) throw;
                return await WriteAsync(http, Error(method, StatusCodes.Status400BadRequest, ErrorCode.Timeout,
                    $"no reply within {timeout.TotalSeconds:0.#} seconds (set the 'timeout' header to wait longer, 0 = no limit)"));
            }
            catch
            {
                cancellation.Dispose();
                input?.Dispose();
                throw;
            }
            cancellation.Dispose();
            input?.Dispose();
            return await WriteAsync(http, reply);
        }
    }

    private static async Task<RestReply> WriteAsync(HttpContext http, RestReply reply)
    {
        await reply.WriteAsync(http.Response, http.RequestAborted);
        return reply;
    }

    private static async Task<string?> TryWriteAsync(HttpContext http, RestReply reply)
    {
        if (!http.Response.HasStarted) await reply.WriteAsync(http.Response, http.RequestAborted);
        else http.Abort(); // the reply was partly sent: cutting the connection tells the client it is incomplete
        return reply.ErrorText;
    }

    private RestReply Error(string method, int status, ErrorCode code, string detail) =>
        RestReply.Error(status, code, detail, method, _node.LocalIp);

    private RestReply Health()
    {
        var now = _node.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        return RestReply.Json(PyJson.Serialize(new JsonObject
        {
            ["status"] = "healthy",
            ["service"] = "anylog-rest-server",
            ["timestamp"] = now,
        }));
    }

    /// <summary><c>trace level = 1 run rest server</c> shows each call's command; level 2 adds its headers and body.</summary>
    private void Trace(HttpContext http, RestRequestFields fields, string method, string command, RestBody body)
    {
        var level = _node.Trace.LevelFor(TraceWords);
        if (level <= 0) return;
        var text = new StringBuilder($"REST {method} from {Remote(http)} ({fields.Agent.Product}): {Core.Limits.Excerpt.Of(command)}");
        if (level >= 2)
        {
            foreach (var (name, value) in http.Request.Headers) text.Append("\n  ").Append(name).Append(": ").Append(value.ToString());
            if (body.Length > 0)
            {
                var shown = Encoding.UTF8.GetString(body.Span[..Math.Min(body.Length, TracedBodyBytes)]);
                text.Append("\n  body (").Append(body.Length).Append(" bytes): ").Append(shown);
                if (body.Length > TracedBodyBytes) text.Append(" ...");
            }
        }
        var message = Secrets.Redact(text.ToString()); // an Authorization header, a password in a command
        _node.Console.WriteLine(message);
        _node.Log.Event(message);
    }

    private static string Remote(HttpContext http) => $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
}

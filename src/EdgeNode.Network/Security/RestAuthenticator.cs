using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using EdgeNode.Core.Security;

namespace EdgeNode.Network.Security;

/// <summary>
/// Checks the <c>Authorization</c> header of a REST call when authentication is on: <c>Basic</c> (user and password) or
/// <c>Bearer</c> (a token from <c>id add token</c>). A password is checked against its PBKDF2 hash once; the call's
/// credentials are then remembered (as a keyed digest, never in clear) for <see cref="RememberFor"/>, so that a client
/// calling many times per second does not pay the hash each time. Any change of the users forgets them all. At most
/// <see cref="ConcurrentChecks"/> password hashes run at once, so guessing passwords cannot take every core.
/// </summary>
internal sealed class RestAuthenticator
{
    public static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(5);
    private const int ConcurrentChecks = 2;
    private const int RememberedCalls = 1024;

    private readonly UserStore _users;
    private readonly TimeProvider _time;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, (string User, DateTime Until)> _verified = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _checks = new(ConcurrentChecks, ConcurrentChecks);

    public RestAuthenticator(UserStore users, TimeProvider time)
    {
        _users = users;
        _time = time;
        users.Changed += _verified.Clear;
    }

    /// <summary>The caller named by <paramref name="authorization"/>, or null when the header is missing or wrong.</summary>
    public async ValueTask<CallerIdentity?> AuthenticateAsync(string? authorization, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !AuthenticationHeaderValue.TryParse(authorization, out var header)
            || header.Parameter is not { Length: > 0 } credentials)
            return null;
        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return _users.FindByToken(credentials) is { } owner ? new CallerIdentity(owner.Name, owner.ReadOnly) : null;
        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return null;
        string name, password;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(credentials));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return null;
            (name, password) = (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
        var user = _users.Find(name);
        if (user is null) return null;
        var digest = Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(credentials)));
        var now = _time.GetUtcNow().UtcDateTime;
        if (_verified.TryGetValue(digest, out var known) && known.User == name && known.Until > now) return new CallerIdentity(user.Name, user.ReadOnly);
        await _checks.WaitAsync(cancellation);
        try
        {
            if (!PasswordHash.Verify(password, user.PasswordHash)) return null;
        }
        finally
        {
            _checks.Release();
        }
        if (_verified.Count >= RememberedCalls) _verified.Clear();
        _verified[digest] = (name, now + RememberFor);
        return new CallerIdentity(user.Name, user.ReadOnly);
    }
}

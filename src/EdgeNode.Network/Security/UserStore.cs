using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeNode.Core;
using EdgeNode.Core.Commands;
using EdgeNode.Core.IO;

namespace EdgeNode.Network.Security;

/// <summary>
/// The REST users of the node and whether REST calls must authenticate, kept in <c>!pem_dir/users.json</c> (written
/// atomically, readable by the node's user only): a node restarted with authentication on stays protected before its
/// script runs. Passwords and tokens are kept hashed (<see cref="PasswordHash"/>). Thread-safe.
/// </summary>
internal sealed class UserStore(Node node)
{
    public const string FileName = "users.json";

    private readonly object _gate = new();
    private string? _loadedFrom;
    private List<UserRecord> _users = [];
    private bool _enabled;

    /// <summary>Raised after any change (a user added or removed, a password or token changed, authentication switched).</summary>
    public event Action? Changed;

    public string Path => System.IO.Path.Combine(node.Dictionary.Get("pem_dir") ?? System.IO.Path.Combine(node.Paths.DataDir, "pem"), FileName);

    public bool Enabled
    {
        get
        {
            lock (_gate)
            {
                Load();
                return _enabled;
            }
        }
    }

    public IReadOnlyList<UserRecord> Users
    {
        get
        {
            lock (_gate)
            {
                Load();
                return [.. _users];
            }
        }
    }

    public UserRecord? Find(string name)
    {
        lock (_gate)
        {
            Load();
            return _users.FirstOrDefault(u => u.Name == name);
        }
    }

    public UserRecord? FindByToken(string token)
    {
        var hash = PasswordHash.TokenHash(token);
        lock (_gate)
        {
            Load();
            return _users.FirstOrDefault(u => u.TokenHash == hash);
        }
    }

    public void SetEnabled(bool enabled) => Change(() =>
    {
        if (enabled && _users.Count == 0)
            throw new CommandSyntaxException("no REST user yet: add one first ('id add user where name = .. and password = ..')", 0, ErrorCode.MissingOption);
        _enabled = enabled;
    });

    public void Add(string name, string password, string type) => Change(() =>
    {
        if (_users.Any(u => u.Name == name)) throw new CommandSyntaxException($"user '{name}' exists", 0, ErrorCode.UserNameExists);
        _users.Add(new UserRecord(name, type, PasswordHash.Hash(password), null, node.Time.GetUtcNow().UtcDateTime));
    });

    public void Remove(string name) => Change(() =>
    {
        if (_users.RemoveAll(u => u.Name == name) == 0) throw new CommandSyntaxException($"no user '{name}'", 0, ErrorCode.WrongOption);
        if (_users.Count == 0) _enabled = false; // nobody could call any more
    });

    public void UpdatePassword(string name, string oldPassword, string newPassword) => Change(() =>
    {
        var index = _users.FindIndex(u => u.Name == name);
        if (index < 0) throw new CommandSyntaxException($"no user '{name}'", 0, ErrorCode.WrongOption);
        if (!PasswordHash.Verify(oldPassword, _users[index].PasswordHash))
            throw new CommandSyntaxException($"the old password of '{name}' is wrong", 0, ErrorCode.WrongPassword);
        _users[index] = _users[index] with { PasswordHash = PasswordHash.Hash(newPassword) };
    });

    /// <summary>Gives the user a new bearer token (the previous one stops working) and returns it: it is shown only now.</summary>
    public string NewToken(string name)
    {
        var token = PasswordHash.NewToken();
        Change(() =>
        {
            var index = _users.FindIndex(u => u.Name == name);
            if (index < 0) throw new CommandSyntaxException($"no user '{name}'", 0, ErrorCode.WrongOption);
            _users[index] = _users[index] with { TokenHash = PasswordHash.TokenHash(token) };
        });
        return token;
    }

    private void Change(Action change)
    {
        lock (_gate)
        {
            Load();
            var (users, enabled) = (new List<UserRecord>(_users), _enabled);
            try
            {
                change();
                Save();
            }
            catch
            {
                (_users, _enabled) = (users, enabled);
                throw;
            }
        }
        Changed?.Invoke();
    }

    /// <summary>Reads the file when the node home (pem_dir) changed or on first use; a file that cannot be read leaves authentication on with no user.</summary>
    private void Load()
    {
        var path = Path;
        if (_loadedFrom == path) return;
        _loadedFrom = path;
        _users = [];
        _enabled = false;
        if (!File.Exists(path)) return;
        try
        {
            var root = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { MaxDepth = 8 })!.AsObject();
            _enabled = root["authentication"]?.GetValue<bool>() ?? false;
            foreach (var user in root["users"]?.AsArray() ?? [])
            {
                _users.Add(new UserRecord(user!["name"]!.GetValue<string>(), user["type"]?.GetValue<string>() ?? UserRecord.Admin,
                    user["password"]!.GetValue<string>(), user["token"]?.GetValue<string>(),
                    DateTime.Parse(user["added"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal)));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or IOException)
        {
            // fail closed: a damaged file must not open the node to anonymous callers
            _users = [];
            _enabled = true;
            node.Log.Error($"REST users file '{path}' cannot be read ({e.Message}): every REST call is refused until it is fixed or removed");
        }
    }

    private void Save()
    {
        var users = new JsonArray();
        foreach (var user in _users)
        {
            users.Add((JsonNode)new JsonObject
            {
                ["name"] = user.Name,
                ["type"] = user.Type,
                ["password"] = user.PasswordHash,
                ["token"] = user.TokenHash,
                ["added"] = user.Added.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }
        var text = new JsonObject { ["authentication"] = _enabled, ["users"] = users }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var path = Path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        DurableFiles.WriteAtomically(path, Encoding.UTF8.GetBytes(text), UnixFileMode.UserRead | UnixFileMode.UserWrite); // 0600 before the hashes are in it
    }
}

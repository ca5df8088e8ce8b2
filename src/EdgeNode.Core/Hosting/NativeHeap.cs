using System.Runtime.InteropServices;

namespace EdgeNode.Core.Hosting;

/// <summary>
/// The C heap (glibc malloc) the node's native libraries allocate from: SQLite's page caches, OpenSSL. glibc keeps
/// freed memory in per-thread arenas (up to 8 per core) instead of returning it to the kernel, which after an ingest
/// burst held tens of MB of the node's RSS (docs/performance.md, memory budget). Both calls do nothing where the C
/// library is not glibc.
/// </summary>
public static partial class NativeHeap
{
    private const int ArenaMaxOption = -8; // M_ARENA_MAX of malloc.h

    /// <summary>
    /// Caps glibc's malloc arenas (the <c>MALLOC_ARENA_MAX</c> environment variable, which wins when it is set):
    /// fewer arenas hold less free memory, and the node's native allocations are few and coarse.
    /// </summary>
    public static void LimitArenas(int arenas)
    {
        if (Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is { Length: > 0 }) return;
        Call(() => MallOpt(ArenaMaxOption, arenas));
    }

    /// <summary>Returns the free pages of every arena to the kernel (<c>malloc_trim(0)</c>).</summary>
    public static void Trim() => Call(() => MallocTrim(0));

    private static void Call(Func<int> call)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            call();
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc (musl has neither call): its malloc keeps no per-thread arenas to trim
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int option, int value);

    [LibraryImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}

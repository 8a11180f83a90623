using System.Runtime.InteropServices;

namespace Sirim.Verification.Cli.Tests;

/// <summary>A process seen in /proc, identified by PID and start time (so a reused PID is not mistaken for it).</summary>
public sealed record SeenProcess(int Pid, int ParentPid, long StartTime, string CommandLine)
{
    public override string ToString() => $"{Pid} ({CommandLine})";
}

/// <summary>Reads the Linux process table from /proc; sends signals with kill(2).</summary>
public static class ProcessTable
{
    public static IReadOnlyList<SeenProcess> All()
    {
        var result = new List<SeenProcess>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Read(pid) is { } p) result.Add(p);
        return result;
    }

    /// <summary>The process and everything below it (children of children...), as the table is now.</summary>
    public static IReadOnlyList<SeenProcess> TreeOf(int rootPid)
    {
        var all = All();
        var tree = all.Where(p => p.Pid == rootPid).ToList();
        for (var i = 0; i < tree.Count; i++) tree.AddRange(all.Where(p => p.ParentPid == tree[i].Pid));
        return tree;
    }

    /// <summary>True while the very process seen earlier still runs (a zombie waiting to be reaped counts as gone).</summary>
    public static bool StillRunning(SeenProcess seen) => Read(seen.Pid) is { } now && now.StartTime == seen.StartTime;

    public static void Signal(int pid, int signal)
    {
        if (kill(pid, signal) != 0) throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    private static SeenProcess? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) state ppid ..." — comm may hold spaces and parentheses: split after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] == "Z" || fields[0] == "X") return null;
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new SeenProcess(pid, int.Parse(fields[1]), long.Parse(fields[19]), cmdline);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null; // gone while being read
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}

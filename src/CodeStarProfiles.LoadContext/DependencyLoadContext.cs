using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CodeStarProfiles.LoadContext;

/// <summary>
/// The pattern in the PowerShell docs ("Resolving PowerShell module assembly dependency
/// conflicts"): the cmdlet assembly lives in the default context and refers to
/// CodeStarProfiles.Engine by name; the default context cannot find it (it sits in
/// dependencies/), so our Resolving handler loads it here, and everything the Engine asks for
/// that sits in dependencies/ (AWSSDK.Core) is loaded here too, whatever other AWSSDK.Core
/// another module has put in the default context, before or after us. Framework assemblies
/// come from the default context as usual.
/// Where the build left ReadyToRun images for this process's .NET version and runtime
/// (dependencies/net10.0-linux-x64/ and the like: see build/CodeStarProfiles.ReadyToRun), those are
/// loaded instead of the IL ones beside them: the same assemblies, compiled ahead of time, so the
/// first command JITs less. Anything else (another .NET version, architecture or OS) loads the IL.
/// </summary>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    private const string EngineName = "CodeStarProfiles.Engine";
    private static DependencyLoadContext? s_instance;
    private readonly string _directory;
    private readonly string? _precompiled;

    private DependencyLoadContext(string directory)
        : base("CodeStarProfiles", isCollectible: false)
    {
        _directory = directory;
        string precompiled = Path.Combine(directory, PrecompiledSet(Environment.Version.Major, RuntimeInformation.ProcessArchitecture));
        _precompiled = Directory.Exists(precompiled) ? precompiled : null;
    }

    /// <summary>
    /// The folder name of the ReadyToRun set for a process of this .NET major version and architecture on
    /// this OS ("net10.0-linux-x64"); a set is only used by the .NET version it was compiled against.
    /// </summary>
    private static string PrecompiledSet(int dotnetMajor, Architecture architecture)
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        return $"net{dotnetMajor}.0-{os}-{architecture.ToString().ToLowerInvariant()}";
    }

    /// <summary>Called once by the module initializer (by reflection, as the cmdlet assembly is netstandard2.0).</summary>
    public static void Initialize(string dependencyDirectory)
    {
        if (s_instance != null)
        {
            return;
        }

        s_instance = new DependencyLoadContext(dependencyDirectory);
        Default.Resolving += ResolveEngine;
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name) =>
        name.Name == EngineName && s_instance != null ? s_instance.LoadFromAssemblyName(name) : null;

    protected override Assembly? Load(AssemblyName name)
    {
        string file = name.Name + ".dll";
        string path = Path.Combine(_directory, file);
        if (!File.Exists(path) || IsFrameworkAssembly(name))
        {
            return null;
        }

        if (_precompiled != null)
        {
            string precompiled = Path.Combine(_precompiled, file);
            if (File.Exists(precompiled))
            {
                return LoadFromAssemblyPath(precompiled);
            }
        }

        return LoadFromAssemblyPath(path);
    }

    // netstandard2.0 builds of AWSSDK.Core ship System.Text.Json and friends for .NET Framework;
    // on PowerShell 7 the runtime's own (newer) copies serve.
    private static bool IsFrameworkAssembly(AssemblyName name) =>
        name.Name != null && (name.Name.StartsWith("System.", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft.Bcl.", StringComparison.Ordinal) || name.Name == "netstandard");
}

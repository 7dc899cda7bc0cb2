using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace CodeStarProfiles.Infrastructure
{
    /// <summary>
    /// Runs when the module is imported, before any cmdlet touches the Engine. The Engine and
    /// AWSSDK.Core sit in dependencies/, where nothing finds them by default:
    /// on PowerShell 7 they are loaded into an AssemblyLoadContext of their own
    /// (CodeStarProfiles.LoadContext.dll), so an AWSSDK.Core that another module loaded, before
    /// or after us, never meets ours; on Windows PowerShell 5.1 an AssemblyResolve handler loads
    /// them from dependencies/ by path (side by side with other strong-named versions).
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "dependencies");
        private static bool s_initialized;

        public void OnImport()
        {
            if (s_initialized)
            {
                return;
            }

            s_initialized = true;
            if (IsCoreClr)
            {
                var loader = Assembly.LoadFrom(Path.Combine(ModuleDirectory, "CodeStarProfiles.LoadContext.dll"));
                loader.GetType("CodeStarProfiles.LoadContext.DependencyLoadContext", throwOnError: true)!
                    .GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)!
                    .Invoke(null, new object[] { DependencyDirectory });
            }
            else
            {
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencies;
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            if (!IsCoreClr)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencies;
                s_initialized = false;
            }
        }

        private static bool IsCoreClr => !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        private static Assembly? ResolveFromDependencies(object? sender, ResolveEventArgs args)
        {
            string path = Path.Combine(DependencyDirectory, new AssemblyName(args.Name).Name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}

using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Threading;
using CodeStarProfiles.Engine;

namespace CodeStarProfiles.Infrastructure
{
    /// <summary>
    /// Runs when the module is imported, before any cmdlet touches the Engine. The Engine and
    /// AWSSDK.Core sit in dependencies/, where nothing finds them by default:
    /// on PowerShell 7 they are loaded into an AssemblyLoadContext of their own
    /// (CodeStarProfiles.LoadContext.dll), so an AWSSDK.Core that another module loaded, before
    /// or after us, never meets ours; on Windows PowerShell 5.1 an AssemblyResolve handler loads
    /// them from dependencies/ by path (side by side with other strong-named versions).
    /// On PowerShell 7 it then warms the Engine and AWSSDK.Core up on a pool thread shortly after the
    /// import (see <see cref="WarmUp"/>), so that a first command typed after it pays less.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
        private static readonly string DependencyDirectory = Path.Combine(ModuleDirectory, "dependencies");
        private static bool s_initialized;

        // After the import has finished (it takes about 50-100 ms on 2 cores), so that it does not compete with it.
        private const int WarmUpDelayMilliseconds = 250;
        private static Timer? s_warmUp;

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
                s_warmUp = new Timer(_ => WarmUp(), null, WarmUpDelayMilliseconds, Timeout.Infinite);
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

        /// <summary>
        /// Loads the Engine and AWSSDK.Core and runs what every first command runs before its first
        /// request (settings, region endpoints, credentials, the client and its configuration), with
        /// fixed settings that read no environment variable or file the SDK would cache: no request
        /// is sent. Off the pipeline thread, so the import does not wait for it; a command that starts
        /// meanwhile shares its work (type initialisers run once). Nothing here may fail the import.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // the Engine is resolved on the pool thread, not in OnImport
        private static void WarmUp()
        {
            s_warmUp?.Dispose();
            try
            {
                using (CodeStarService.Connect(new ConnectionSettings
                {
                    Region = "us-east-1",
                    EndpointUrl = "http://127.0.0.1/",
                    AccessKey = "AKIAWARMUPONLY000000",
                    SecretKey = "warm-up-only-never-sent",
                    MaxRetryAttempts = 0,
                    RetryMode = "Standard",
                    Timeout = TimeSpan.FromSeconds(1),
                    MaxThrottleWait = TimeSpan.FromSeconds(1),
                }))
                {
                }
            }
            catch (Exception)
            {
                // Only a warm-up: the command itself reports whatever is wrong.
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

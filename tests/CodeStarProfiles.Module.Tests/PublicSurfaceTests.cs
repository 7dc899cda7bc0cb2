using Xunit;

namespace CodeStarProfiles.Module.Tests;

/// <summary>Nothing from AWSSDK crosses the module's public surface (parameters, outputs, exceptions).</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void The_cmdlet_assembly_exposes_no_AWSSDK_type()
    {
        var assembly = System.Reflection.Assembly.LoadFrom(Path.Combine(Repo.Root, "out", "CodeStarProfiles", "CodeStarProfiles.dll"));
        var offenders = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            var members = type.GetMembers(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly);
            IEnumerable<Type> used = new[] { type.BaseType! }.Where(t => t != null);
            foreach (var m in members)
            {
                used = used.Concat(m switch
                {
                    System.Reflection.PropertyInfo p => new[] { p.PropertyType },
                    System.Reflection.FieldInfo f => new[] { f.FieldType },
                    System.Reflection.MethodBase mb => mb.GetParameters().Select(x => x.ParameterType).Concat(mb is System.Reflection.MethodInfo mi ? new[] { mi.ReturnType } : Array.Empty<Type>()),
                    _ => Array.Empty<Type>(),
                });
            }

            offenders.AddRange(used.Where(t => t.Assembly.GetName().Name is "AWSSDK.Core" or "CodeStarProfiles.Engine").Select(t => $"{type.Name} uses {t.FullName}"));
        }

        Assert.Empty(offenders);
        Assert.Contains(assembly.GetExportedTypes(), t => t.Name == "NewCodeStarUserProfileCommand");
    }
}

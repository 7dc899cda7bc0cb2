extern alias module;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The cmdlet assembly shows users only what they use: the cmdlets (and the abstract bases PowerShell
/// reads their parameters from), the output types, the exception their errors carry, what the format
/// views and the about topic's ErrorId list call, and the module initializer PowerShell runs. Read from
/// the assembly's metadata: loading its cmdlet types would need System.Management.Automation.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string ModulePath = typeof(module::CodeStarProfiles.CodeStarUserProfile).Assembly.Location;

    /// <summary>What PowerShell itself calls on a cmdlet (overrides of PSCmdlet/Cmdlet), and IDisposable.</summary>
    private static readonly HashSet<string> EngineMembers = new(StringComparer.Ordinal)
    {
        ".ctor", "BeginProcessing", "ProcessRecord", "EndProcessing", "StopProcessing", "Dispose",
    };

    [Fact]
    public void Only_the_cmdlets_the_output_types_and_what_the_views_need_are_public()
    {
        var expected = new[]
        {
            "CodeStarProfiles.ChangeAction",
            "CodeStarProfiles.ChangeOutcome",
            "CodeStarProfiles.CodeStarProfileException", // the exception of every ErrorRecord
            "CodeStarProfiles.CodeStarPropertyChange",
            "CodeStarProfiles.CodeStarUserProfile",
            "CodeStarProfiles.CodeStarUserProfileChange",
            "CodeStarProfiles.CodeStarUserProfileListing", // Get-'s listing: a profile without timestamps, its own table view
            "CodeStarProfiles.Commands.BulkCodeStarCmdlet",
            "CodeStarProfiles.Commands.CodeStarCmdlet",
            "CodeStarProfiles.Commands.CompareCodeStarUserProfileCommand",
            "CodeStarProfiles.Commands.GetCodeStarUserProfileCommand",
            "CodeStarProfiles.Commands.NewCodeStarUserProfileCommand",
            "CodeStarProfiles.Commands.ProfileRowCmdlet",
            "CodeStarProfiles.Commands.ProfileSyncCmdlet",
            "CodeStarProfiles.Commands.ProfileValuesCmdlet",
            "CodeStarProfiles.Commands.RemoveCodeStarUserProfileCommand",
            "CodeStarProfiles.Commands.SetCodeStarUserProfileCommand",
            "CodeStarProfiles.Commands.SyncCodeStarUserProfileCommand",
            "CodeStarProfiles.Infrastructure.ErrorIds",                 // the about topic's ErrorIds, checked by Help.Tests
            "CodeStarProfiles.Infrastructure.ModuleInitializer",        // PowerShell runs it on Import-Module
            "CodeStarProfiles.NewCodeStarUserProfileResult",            // New-'s output: a profile with its Outcome
            "CodeStarProfiles.Validation.VisibleText",                  // called by the format views
        };
        using var pe = new PEReader(File.OpenRead(ModulePath));
        var md = pe.GetMetadataReader();
        var visible = md.TypeDefinitions.Select(md.GetTypeDefinition)
            .Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, visible);
    }

    [Fact]
    public void A_cmdlet_shows_its_parameters_and_nothing_else()
    {
        using var pe = new PEReader(File.OpenRead(ModulePath));
        var md = pe.GetMetadataReader();
        var shown = new List<string>();
        foreach (var t in md.TypeDefinitions.Select(md.GetTypeDefinition))
        {
            if ((t.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public || md.GetString(t.Namespace) != "CodeStarProfiles.Commands")
            {
                continue;
            }

            string type = md.GetString(t.Name);
            foreach (var m in t.GetMethods().Select(md.GetMethodDefinition))
            {
                var access = m.Attributes & MethodAttributes.MemberAccessMask;
                bool outside = access == MethodAttributes.Public || access == MethodAttributes.Family || access == MethodAttributes.FamORAssem;
                string name = md.GetString(m.Name);
                if (outside && (m.Attributes & MethodAttributes.SpecialName) == 0 && !EngineMembers.Contains(name))
                {
                    shown.Add($"{type}.{name}()");
                }
            }

            foreach (var p in t.GetProperties().Select(md.GetPropertyDefinition))
            {
                var getter = md.GetMethodDefinition(p.GetAccessors().Getter);
                var access = getter.Attributes & MethodAttributes.MemberAccessMask;
                bool outside = access == MethodAttributes.Public || access == MethodAttributes.Family || access == MethodAttributes.FamORAssem;
                if (outside && !p.GetCustomAttributes().Any(a => AttributeName(md, md.GetCustomAttribute(a)) == "ParameterAttribute"))
                {
                    shown.Add($"{type}.{md.GetString(p.Name)}");
                }
            }

            foreach (var f in t.GetFields().Select(md.GetFieldDefinition))
            {
                var access = f.Attributes & FieldAttributes.FieldAccessMask;
                if (access == FieldAttributes.Public || access == FieldAttributes.Family || access == FieldAttributes.FamORAssem)
                {
                    shown.Add($"{type}.{md.GetString(f.Name)}");
                }
            }
        }

        Assert.Empty(shown);
    }

    private static string AttributeName(MetadataReader md, CustomAttribute a)
    {
        if (a.Constructor.Kind != HandleKind.MemberReference)
        {
            return string.Empty;
        }

        var parent = md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent;
        return parent.Kind == HandleKind.TypeReference ? md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name) : string.Empty;
    }
}

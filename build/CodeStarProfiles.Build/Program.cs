// Build steps with code in them (see the .csproj). Usage:
//   help    DOCS_DIR OUT_DIR     docs/en-US -> OUT_DIR/CodeStarProfiles.dll-Help.xml and about_*.help.txt
//   package MODULE_DIR OUT_DIR   out/CodeStarProfiles -> OUT_DIR/CodeStarProfiles.<version>.nupkg
using System.Collections;
using System.IO.Compression;
using System.Management.Automation;
using System.Security;
using System.Text;
using CodeStarProfiles.Build;

if (args.Length != 3 || (args[0] != "help" && args[0] != "package"))
{
    Console.Error.WriteLine("usage: CodeStarProfiles.Build help DOCS_DIR OUT_DIR | package MODULE_DIR OUT_DIR");
    return 2;
}

string source = Path.GetFullPath(args[1]), target = Path.GetFullPath(args[2]);
Directory.CreateDirectory(target);
if (args[0] == "help")
{
    var pages = Directory.GetFiles(source, "*.md").Where(f => !Path.GetFileName(f).StartsWith("about_", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal);
    var maml = MamlWriter.ToMaml(pages.Select(f => MamlWriter.Parse(File.ReadAllText(f))));
    string helpFile = Path.Combine(target, "CodeStarProfiles.dll-Help.xml");
    maml.Save(helpFile);
    foreach (var about in Directory.GetFiles(source, "about_*.md"))
    {
        File.WriteAllText(Path.Combine(target, Path.GetFileNameWithoutExtension(about) + ".help.txt"), MamlWriter.AboutText(File.ReadAllText(about)));
    }

    Console.WriteLine($"help: {helpFile}");
    return 0;
}

// package: the layout the PowerShell Gallery expects of a module package (what Publish-Module makes).
string manifestPath = Directory.GetFiles(source, "*.psd1").Single();
string id = Path.GetFileNameWithoutExtension(manifestPath);
var manifest = ReadManifest(manifestPath);
var psData = (Hashtable)((Hashtable)manifest["PrivateData"]!)["PSData"]!;
string version = (string)manifest["ModuleVersion"]!;
var cmdlets = ((object[])manifest["CmdletsToExport"]!).Cast<string>().ToList();
var tags = ((object[])psData["Tags"]!).Cast<string>()
    .Concat(new[] { "PSModule", "PSIncludes_Cmdlet" })
    .Concat(((object[])manifest["CompatiblePSEditions"]!).Cast<string>().Select(e => "PSEdition_" + e))
    .Concat(cmdlets.SelectMany(c => new[] { "PSCmdlet_" + c, "PSCommand_" + c }));
string X(object? value) => SecurityElement.Escape(value?.ToString() ?? string.Empty);
string nuspec = $"""
    <?xml version="1.0" encoding="utf-8"?>
    <package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
      <metadata>
        <id>{id}</id>
        <version>{X(version)}</version>
        <authors>{X(manifest["Author"])}</authors>
        <owners>{X(manifest["CompanyName"])}</owners>
        <requireLicenseAcceptance>false</requireLicenseAcceptance>
        <licenseUrl>{X(psData["LicenseUri"])}</licenseUrl>
        <projectUrl>{X(psData["ProjectUri"])}</projectUrl>
        <description>{X(manifest["Description"])}</description>
        <releaseNotes>{X(psData["ReleaseNotes"])}</releaseNotes>
        <copyright>{X(manifest["Copyright"])}</copyright>
        <tags>{X(string.Join(' ', tags))}</tags>
      </metadata>
    </package>
    """;
string package = Path.Combine(target, $"{id}.{version}.nupkg");
File.Delete(package);
using (var zip = ZipFile.Open(package, ZipArchiveMode.Create))
{
    void Add(string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        w.Write(text);
    }

    Add($"{id}.nuspec", nuspec);
    var files = Directory.GetFiles(source, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList();
    foreach (var file in files)
    {
        zip.CreateEntryFromFile(file, Path.GetRelativePath(source, file).Replace('\\', '/'));
    }

    string psmdcp = $"package/services/metadata/core-properties/{Guid.NewGuid():N}.psmdcp";
    Add(psmdcp, $"""<?xml version="1.0" encoding="utf-8"?><coreProperties xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"><dc:creator>{X(manifest["Author"])}</dc:creator><dc:description>{X(manifest["Description"])}</dc:description><dc:identifier>{id}</dc:identifier><version>{X(version)}</version><keywords>{X(string.Join(' ', tags))}</keywords></coreProperties>""");
    Add("_rels/.rels", $"""<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/{id}.nuspec" Id="R1" /><Relationship Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="/{psmdcp}" Id="R2" /></Relationships>""");
    var extensions = files.Select(f => Path.GetExtension(f).TrimStart('.')).Where(e => e.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Except(new[] { "rels", "psmdcp", "nuspec" });
    Add("[Content_Types].xml", """<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="psmdcp" ContentType="application/vnd.openxmlformats-package.core-properties+xml" /><Default Extension="nuspec" ContentType="application/octet" />"""
        + string.Concat(extensions.Select(e => $"""<Default Extension="{e}" ContentType="application/octet" />"""))
        // A part without an extension (LICENSE) has no Default to match: it needs an Override of its own.
        + string.Concat(files.Where(f => Path.GetExtension(f).Length == 0).Select(f => $"""<Override PartName="/{Uri.EscapeDataString(Path.GetRelativePath(source, f).Replace('\\', '/')).Replace("%2F", "/")}" ContentType="application/octet" />"""))
        + "</Types>");
}

Console.WriteLine($"package: {package}");
return 0;

// The manifest is PowerShell data: checked to be restricted language (no commands), then evaluated.
static Hashtable ReadManifest(string path)
{
    string text = File.ReadAllText(path);
    ScriptBlock.Create(text).CheckRestrictedLanguage(Array.Empty<string>(), Array.Empty<string>(), false);
    using var ps = PowerShell.Create(System.Management.Automation.Runspaces.InitialSessionState.CreateDefault2());
    ps.AddScript(text);
    return (Hashtable)ps.Invoke()[0].BaseObject;
}

extern alias module;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using module::CodeStarProfiles.Infrastructure;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// Every user-facing text is a resource, read through its assembly's SR (the module's and the Engine's
/// own, in one pattern): every resource has the accessor of its name (or is an ErrorId's message, found
/// by the id), every accessor is used by the code, each resource has the placeholders its accessor fills
/// in, and no call that writes, asks or shows text to a user has an inline literal (a scan of src/).
/// </summary>
public sealed class ResourceTableTests
{
    // The module's ids whose message an accessor finds by the id itself (SR.MissingValue, InvalidValue, CallFailed,
    // Configuration), with the placeholders it fills in; every other id has an accessor of its own name.
    private static readonly Dictionary<string, int> KeyedByTheirId = new(StringComparer.Ordinal)
    {
        ["MissingUserArn"] = 1, ["MissingDisplayName"] = 1, ["MissingEmailAddress"] = 1,
        ["InvalidUserArn"] = 3, ["InvalidDisplayName"] = 3, ["InvalidEmailAddress"] = 3, ["InvalidSshPublicKey"] = 3,
        ["UserProfileAlreadyExists"] = 5, ["UserProfileNotFound"] = 5, ["ServiceValidationFailed"] = 5, ["InvalidNextToken"] = 5,
        ["AccessDenied"] = 5, ["Throttled"] = 5, ["ServiceError"] = 5, ["ConnectionFailed"] = 5, ["OutcomeUnknown"] = 5, ["EndpointNotCodeStar"] = 5,
        ["NoCredentials"] = 1, ["NoRegion"] = 1, ["ProfileNotFound"] = 1, ["InvalidSetting"] = 1,
    };

    private static readonly string[] KeyedAccessors = { "MissingValue", "InvalidValue", "CallFailed", "Configuration" };

    // Accessors that return a format string for the caller to fill in (read once, used for every row), with its placeholders.
    private static readonly Dictionary<string, int> FormatStrings = new(StringComparer.Ordinal) { ["ChangeSetTo"] = 2, ["ChangeFromTo"] = 3 };

    /// <summary>One assembly's strings: its SR, the resources' name, its sources, and (the module's) what is keyed by an id.</summary>
    private sealed record Table(Type SR, string ResourceName, string SourceDirectory, IReadOnlyDictionary<string, int> KeyedByTheirId, string[] KeyedAccessors, IReadOnlyDictionary<string, int> FormatStrings);

    private static Table For(string assembly) => assembly switch
    {
        "module" => new Table(typeof(module::CodeStarProfiles.Resources.SR), "CodeStarProfiles.Resources.Strings", "CodeStarProfiles", KeyedByTheirId, KeyedAccessors, FormatStrings),
        "engine" => new Table(typeof(CodeStarProfiles.Engine.Resources.SR), "CodeStarProfiles.Engine.Resources.Strings", "CodeStarProfiles.Engine", new Dictionary<string, int>(), Array.Empty<string>(), new Dictionary<string, int>()),
        _ => throw new ArgumentOutOfRangeException(nameof(assembly)),
    };

    public static TheoryData<string> Assemblies => new() { "module", "engine" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_resource_is_used_and_has_the_placeholders_its_accessor_fills_in(string assembly)
    {
        var table = For(assembly);
        var resources = ReadResources(table);
        var expected = new Dictionary<string, int>(table.KeyedByTheirId, StringComparer.Ordinal);
        foreach (var m in Accessors(table))
        {
            if (!table.KeyedAccessors.Contains(m.Name))
            {
                int placeholders = m is MethodInfo mi ? mi.GetParameters().Length : table.FormatStrings.GetValueOrDefault(m.Name);
                Assert.True(expected.TryAdd(m.Name, placeholders), $"{m.Name} is read by its own accessor and by its id");
            }
        }

        if (assembly == "module")
        {
            var ids = ErrorIds.All.Select(e => e.Id).ToList();
            Assert.Empty(ids.Except(expected.Keys));
        }

        var unused = resources.Keys.Except(expected.Keys).ToList();
        var missing = expected.Keys.Except(resources.Keys).ToList();
        Assert.True(unused.Count == 0 && missing.Count == 0, $"Resources no accessor or table id reads: [{string.Join(", ", unused)}]; accessors or ids with no resource: [{string.Join(", ", missing)}]");
        foreach (var (key, count) in expected)
        {
            var used = Regex.Matches(resources[key], @"\{(\d+)(?::[^}]*)?\}").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().OrderBy(i => i);
            Assert.True(used.SequenceEqual(Enumerable.Range(0, count)), $"'{key}' should use the placeholders 0 to {count - 1}: \"{resources[key]}\"");
        }
    }

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Every_accessor_is_read_by_the_code(string assembly)
    {
        var table = For(assembly);
        string code = string.Join("\n", Sources(table.SourceDirectory).Where(f => Path.GetFileName(f) != "SR.cs").Select(f => SourceScan.Mask(File.ReadAllText(f))));
        var unread = Accessors(table).Select(m => m.Name).Where(name => !Regex.IsMatch(code, @"\bSR\." + name + @"\b")).ToList();
        Assert.True(unread.Count == 0, $"SR accessors that no code reads (remove them and their resources): [{string.Join(", ", unread)}]");
    }

    [Fact]
    public void No_call_that_shows_text_to_a_user_has_an_inline_literal()
    {
        var found = new List<string>();
        int calls = 0;
        foreach (var file in Sources("CodeStarProfiles").Concat(Sources("CodeStarProfiles.Engine")))
        {
            string text = File.ReadAllText(file);
            var (scanned, literals) = SourceScan.TextLiteralsInCalls(text);
            calls += scanned;
            found.AddRange(literals.Select(l => $"{Path.GetRelativePath(ErrorTableTests.RepoRoot(), file)}:{l}"));
        }

        // The scan sees the calls (a broken pattern would see none and pass).
        Assert.True(calls >= 60, $"only {calls} calls scanned: is the pattern still right?");
        Assert.True(found.Count == 0, "Inline text in a call that shows it to a user; move it into Resources/Strings.resx and read it through SR:\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_scan_finds_inline_text_and_only_that()
    {
        string[] flagged =
        {
            "WriteVerbose(\"Done\");",
            "WriteWarning($\"{a} matches nothing\");",
            "WriteVerbose(string.Format(CultureInfo.CurrentCulture, \"Performing the operation \\\"{0}\\\".\", a));",
            "QueueChange(row, arn, overwrite ? SR.A : \"Create it\", false, SR.B, async (s, ct) => { return () => { }; });",
            "Start(null, @\"list \"\"them\"\"\", SR.Item, async (s, ct) => null);",
            "throw new CodeStarConfigurationException(ConfigurationProblem.NoRegion, \"No region.\", SR.Advice);",
            "results.Add(CompletionText.Result(name, $\"profile '{name}'\"));",
            "new ProgressRecord(1, name, \"Done\")",
        };
        string[] clean =
        {
            "WriteVerbose(SR.CommandVerbose(name, text));",
            "WriteWarning(SR.ScopeMatchesNothing(string.Join(\", \", Scope!)));",
            "// WriteVerbose(\"a comment\");",
            "/* ShouldProcess(\"a\", \"b\") */ x = 1;",
            "QueueChange(row, arn, SR.A, false, SR.B, async (s, ct) => { output.Properties.Add(new PSNoteProperty(\"Outcome\", \"Created\")); return null; });",
            "RejectRow(id, SR.InvalidChange(Properties[\"UserArn\"]?.Value), row, SR.Advice);",
            "string s = \"WriteVerbose(\\\"x\\\")\"; char c = '\"'; Fail(id, message, target);",
            "var x = $\"{(a ? \"b\" : \"c\")}\"; WriteVerbose(SR.Line(x));",
        };
        Assert.All(flagged, code => Assert.Single(SourceScan.TextLiteralsInCalls(code).Literals));
        Assert.All(clean, code => Assert.Empty(SourceScan.TextLiteralsInCalls(code).Literals));
    }

    /// <summary>SR's accessors: its non-private static properties and methods but the lookup itself (Get, Format).</summary>
    private static List<MemberInfo> Accessors(Table table) =>
        table.SR.GetMembers(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => (m is PropertyInfo p && p.GetMethod is { IsPrivate: false })
                || (m is MethodInfo mi && !mi.IsSpecialName && !mi.IsPrivate && mi.Name != "Get" && mi.Name != "Format"))
            .ToList();

    /// <summary>The embedded Strings resources, read straight from the assembly (not through SR).</summary>
    private static Dictionary<string, string> ReadResources(Table table)
    {
        var manager = new ResourceManager(table.ResourceName, table.SR.Assembly);
        var set = manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)!;
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in set)
        {
            all.Add((string)entry.Key, (string)entry.Value!);
        }

        Assert.NotEmpty(all);
        return all;
    }

    private static IEnumerable<string> Sources(string project)
    {
        string dir = Path.Combine(ErrorTableTests.RepoRoot(), "src", project);
        var files = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }
}

/// <summary>
/// A precise scan of C# source for inline user-facing text: comments are blanked and every string literal's
/// content is replaced by one mark for text (it holds a letter, or it is interpolated) and another for
/// punctuation (", "), so that calls are found in code only. A call's text arguments are its arguments but
/// lambdas (the work a QueueChange or Start runs), and in them what is inside an indexer (Properties["UserArn"]).
/// </summary>
internal static class SourceScan
{
    private const char Text = '\u0001';
    private const char NoText = '\u0002';

    // The calls whose arguments a user reads: the cmdlet's streams and prompts, the module's own wrappers of
    // them (ShouldProcessItem, QueueChange and Start name the row's action), errors, tool tips, and the Engine's
    // exceptions whose message reaches the user.
    private static readonly Regex Call = new(
        @"(?<![\w.])(?:WriteVerbose|WriteWarning|WriteDebug|WriteInformation|ShouldProcess|ShouldContinue|ShouldProcessItem|QueueChange|Start|Fail|RejectRow|ThrowUnreadable|CredentialsFailed|ErrorIds\.Create|CompletionText\.Result)\s*\("
        + @"|\bnew\s+(?:ProgressRecord|CodeStarConfigurationException|AmazonClientException|CodeStarProfileException)\s*\(",
        RegexOptions.CultureInvariant);

    /// <summary>How many calls were scanned, and each text literal in their text arguments as "line: the call".</summary>
    public static (int Calls, List<string> Literals) TextLiteralsInCalls(string source)
    {
        string masked = Mask(source);
        var literals = new List<string>();
        int calls = 0;
        foreach (Match m in Call.Matches(masked))
        {
            calls++;
            foreach (var (start, end) in Arguments(masked, m.Index + m.Length - 1))
            {
                string argument = masked.Substring(start, end - start);
                if (!argument.Contains("=>", StringComparison.Ordinal) && WithoutIndexers(argument).Contains(Text))
                {
                    int line = source.Take(m.Index).Count(c => c == '\n') + 1;
                    literals.Add($"{line}: {source.Substring(m.Index, Math.Min(end + 1, source.Length) - m.Index).Trim()}");
                }
            }
        }

        return (calls, literals);
    }

    /// <summary>The source with comments blanked and each literal's content replaced by its mark (lengths and lines kept).</summary>
    public static string Mask(string source)
    {
        var masked = new StringBuilder(source);
        int i = 0;
        Code(source, masked, ref i, inHole: false);
        return masked.ToString();
    }

    /// <summary>Code up to the end, or (in an interpolation hole) up to its closing brace, where it stops.</summary>
    private static void Code(string s, StringBuilder masked, ref int i, bool inHole)
    {
        int depth = 0;
        while (i < s.Length)
        {
            char c = s[i], next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                for (; i < s.Length && s[i] != '\n'; i++)
                {
                    masked[i] = ' ';
                }
            }
            else if (c == '/' && next == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                for (end = end < 0 ? s.Length : end + 2; i < end; i++)
                {
                    masked[i] = s[i] == '\n' ? '\n' : ' ';
                }
            }
            else if (c == '\'')
            {
                int start = ++i;
                while (i < s.Length && s[i] != '\'')
                {
                    i += s[i] == '\\' ? 2 : 1;
                }

                Fill(masked, start, i, NoText);
                i++;
            }
            else if (c == '"' || (c == '$' && (next == '"' || next == '@')) || (c == '@' && (next == '"' || next == '$')))
            {
                Literal(s, masked, ref i);
            }
            else
            {
                if (inHole && c == '{')
                {
                    depth++;
                }
                else if (inHole && c == '}' && depth-- == 0)
                {
                    return;
                }

                i++;
            }
        }
    }

    private static void Literal(string s, StringBuilder masked, ref int i)
    {
        bool interpolated = false, verbatim = false;
        for (; s[i] != '"'; i++)
        {
            interpolated |= s[i] == '$';
            verbatim |= s[i] == '@';
        }

        int start = ++i;
        bool text = interpolated;
        while (i < s.Length)
        {
            char c = s[i], next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '\\' && !verbatim)
            {
                i += 2;
            }
            else if (c == '"' && verbatim && next == '"')
            {
                i += 2;
            }
            else if (c == '"')
            {
                break;
            }
            else if (interpolated && c == '{' && next == '{')
            {
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                i++;
                Code(s, masked, ref i, inHole: true);
                i++;
            }
            else
            {
                text |= char.IsLetter(c);
                i++;
            }
        }

        Fill(masked, start, Math.Min(i, s.Length), text ? Text : NoText);
        i++;
    }

    private static void Fill(StringBuilder masked, int start, int end, char mark)
    {
        for (int k = start; k < end && k < masked.Length; k++)
        {
            masked[k] = masked[k] == '\n' ? '\n' : mark;
        }
    }

    /// <summary>The top-level arguments of the call whose opening parenthesis is at <paramref name="open"/>, as (start, end) spans.</summary>
    private static List<(int Start, int End)> Arguments(string masked, int open)
    {
        var spans = new List<(int, int)>();
        int depth = 0, start = open + 1;
        for (int k = open; k < masked.Length; k++)
        {
            char c = masked[k];
            if (c == '(' || c == '[' || c == '{')
            {
                depth++;
            }
            else if (c == ')' || c == ']' || c == '}')
            {
                if (--depth == 0)
                {
                    spans.Add((start, k));
                    break;
                }
            }
            else if (c == ',' && depth == 1)
            {
                spans.Add((start, k));
                start = k + 1;
            }
        }

        return spans;
    }

    private static string WithoutIndexers(string argument)
    {
        var kept = new StringBuilder(argument.Length);
        int depth = 0;
        foreach (char c in argument)
        {
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (depth == 0)
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}

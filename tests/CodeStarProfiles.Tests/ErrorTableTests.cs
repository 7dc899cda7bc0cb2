extern alias module;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using module::CodeStarProfiles.Infrastructure;
using module::CodeStarProfiles.Resources;
using module::CodeStarProfiles.Sync;
using module::CodeStarProfiles.Validation;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The error table (ErrorIds.All), its texts (Resources/Strings.resx through SR) and the about topic's
/// ERROR IDS section agree: every id in one is in the others, with the same category and the same
/// terminating mark. (The resources themselves, against SR and the code: ResourceTableTests.)
/// </summary>
public sealed class ErrorTableTests
{
    [Fact]
    public void The_about_topic_lists_exactly_the_table_with_the_same_categories()
    {
        var documented = DocumentedIds();
        var table = ErrorIds.All.ToDictionary(e => e.Id);
        var undocumented = table.Keys.Except(documented.Keys).ToList();
        var unknown = documented.Keys.Except(table.Keys).ToList();
        Assert.True(undocumented.Count == 0 && unknown.Count == 0,
            $"In the table but not in about_CodeStarProfiles: [{string.Join(", ", undocumented)}]; in the about topic but not in the table: [{string.Join(", ", unknown)}]");
        foreach (var (id, doc) in documented)
        {
            Assert.True(doc.Category == table[id].Category.ToString(), $"{id}: the about topic says {doc.Category}, the table {table[id].Category}");
            Assert.True(doc.Terminating == table[id].Terminating, $"{id}: the about topic says terminating {doc.Terminating}, the table {table[id].Terminating}");
            Assert.False(string.IsNullOrWhiteSpace(doc.Advice), $"{id}: the about topic says nothing about it");
        }
    }

    [Fact]
    public void Every_ErrorId_constant_is_in_the_table_once_and_CategoryOf_reads_it()
    {
        var constants = typeof(ErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();
        Assert.Equal(constants.OrderBy(c => c, StringComparer.Ordinal), ErrorIds.All.Select(e => e.Id).OrderBy(c => c, StringComparer.Ordinal));
        Assert.Equal(ErrorIds.All.Count, ErrorIds.All.Select(e => e.Id).Distinct().Count());
        Assert.All(ErrorIds.All, e => Assert.Equal(e.Category, ErrorIds.CategoryOf(e.Id)));
        Assert.All(ErrorIds.All, e => Assert.Equal(e.Id + "Advice", e.AdviceKey));
        Assert.Equal(ErrorCategory.InvalidArgument, ErrorIds.CategoryOf("NotAnId"));
    }

    [Fact]
    public void Every_id_has_a_message_and_advice_and_records_carry_the_advice()
    {
        foreach (var e in ErrorIds.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Message), e.Id);
            Assert.False(string.IsNullOrWhiteSpace(e.Advice), e.Id);
            var record = ErrorIds.Create(e.Id, "text", "row");
            Assert.Equal((e.Id, e.Category, "row", e.Advice), (record.FullyQualifiedErrorId, record.CategoryInfo.Category, (string)record.TargetObject, record.ErrorDetails.RecommendedAction));
            Assert.Equal("text", record.Exception.Message);
        }

        Assert.Equal("mine", ErrorIds.Create(ErrorIds.OutsideScope, "text", null, null, "mine").ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void Messages_read_as_they_always_have()
    {
        Assert.Equal(
            "UserArn is required but the value is missing or empty. It must be an IAM user ARN such as arn:aws:iam::111111111111:user/Mary_Major (or with a path, arn:aws:iam::111111111111:user/division/Mary_Major): a 12-digit account id, and a user name of letters, digits and _+=,.@- characters; 32 to 95 characters in all.",
            ProfileValidator.CheckUserArn(null)!.Message);
        var name = ProfileValidator.CheckDisplayName(" Mary", required: true)!;
        Assert.Equal(("InvalidDisplayName", "DisplayName ' Mary' is not valid: it does not have the required form: it starts or ends with a space (as a spreadsheet's cell may). It must be 1 to 64 characters on one line, and must not begin or end with white space."), (name.ErrorId, name.Message));
        Assert.Equal("EmailAddress 'a@' is not valid: it is 2 characters long, shorter than the minimum of 3. It must be an address such as mary.major@example.com: one '@' between a name and a domain that use only letters, digits and the characters _ . + -; 3 to 128 characters in all.",
            ProfileValidator.CheckEmailAddress("a@", required: true)!.Message);
        Assert.Equal(("MissingEmailAddress", "MissingDisplayName"), (ProfileValidator.CheckEmailAddress("", true)!.ErrorId, ProfileValidator.CheckDisplayName(null, true)!.ErrorId));
        Assert.Equal("SshPublicKey 'ssh-ed25519 AAAA' is not an OpenSSH public key: the key data does not hold a ssh-ed25519 key.", ProfileValidator.CheckSshPublicKey("ssh-ed25519 AAAA")!.Message);
        Assert.Equal("SshPublicKey 'x' is not an OpenSSH public key: an OpenSSH public key has a key type and base64 key data separated by a space (for example 'ssh-ed25519 AAAAC3Nza... user@host').", ProfileValidator.CheckSshPublicKey("x")!.Message);
        Assert.Equal("SshPublicKey holds 2 key lines; a CodeStar profile stores one SSH public key: give a single key line (a .pub file holds one).", ProfileValidator.CheckSshPublicKey("ssh-ed25519 A\nssh-ed25519 B")!.Message);
        Assert.StartsWith("SshPublicKey 'ssh-ed25519 AAAA!' is not an OpenSSH public key: the key data is not valid base64", ProfileValidator.CheckSshPublicKey("ssh-ed25519 AAAA!")!.Message);
        SshPublicKey.TryParse("ssh-foo AAAA", out var unknown);
        Assert.Equal("'ssh-foo' is not an OpenSSH public key type (expected one of ssh-ed25519, ssh-rsa, ssh-dss, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521, sk-ssh-ed25519@openssh.com, sk-ecdsa-sha2-nistp256@openssh.com)", unknown);
        SshPublicKey.TryParse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFT", out var truncated);
        Assert.Equal("the key data is not a well-formed ssh-ed25519 key (truncated or corrupted)", truncated);
        SshPublicKey.TryParse(" ", out var empty);
        Assert.Equal("it is empty", empty);

        Assert.Equal("The plan would remove 6 of the 20 profiles in scope, more than the default limit of 5 (the larger of 5 and 10% of the profiles in scope). Nothing was changed.", SyncPlanner.CheckRemovals(6, 20, 14, null));
        Assert.Equal("The plan would remove 3 of the 20 profiles in scope, more than -MaxRemove 2 allows. Nothing was changed.", SyncPlanner.CheckRemovals(3, 20, 17, 2));
        Assert.Equal("The input is empty: the plan would remove all 4 of the 4 profiles in scope. A sync never removes profiles because its input is empty (an empty or failed export looks the same). Nothing was changed.", SyncPlanner.CheckRemovals(4, 4, 0, 100));

        var badAction = new PSObject();
        badAction.Properties.Add(new PSNoteProperty("Action", "Rename"));
        badAction.Properties.Add(new PSNoteProperty("UserArn", "arn:aws:iam::111111111111:user/a"));
        SavedChange.Read(badAction, out var problem);
        Assert.Equal("Action 'Rename' is not one of Create, Update, Remove, Unchanged", problem);
        var noTime = new PSObject();
        noTime.Properties.Add(new PSNoteProperty("Action", "Update"));
        noTime.Properties.Add(new PSNoteProperty("UserArn", "arn:aws:iam::111111111111:user/a"));
        SavedChange.Read(noTime, out problem);
        Assert.Equal("it has no CurrentLastModifiedTimestamp, so it cannot be checked for staleness (save plans with Export-Clixml or ConvertTo-Json)", problem);

        Assert.Equal(
            new[] { "DisplayName: Mary\u241BMajor", "EmailAddress: 'a@x.com' -> 'b@x.com'", "SshPublicKey: key added", "SshPublicKey: key removed", "SshPublicKey: key replaced" },
            new[]
            {
                new module::CodeStarProfiles.CodeStarPropertyChange("DisplayName", null, "Mary\u001BMajor"),
                new module::CodeStarProfiles.CodeStarPropertyChange("EmailAddress", "a@x.com", "b@x.com"),
                new module::CodeStarProfiles.CodeStarPropertyChange("SshPublicKey", null, "ssh-ed25519 A"),
                new module::CodeStarProfiles.CodeStarPropertyChange("SshPublicKey", "ssh-ed25519 A", ""),
                new module::CodeStarProfiles.CodeStarPropertyChange("SshPublicKey", "ssh-ed25519 A", "ssh-ed25519 B"),
            }.Select(c => c.ToString()));
    }

    /// <summary>The ERROR IDS section of docs/en-US/about_CodeStarProfiles.md: "Id, Id (Category[, terminating]): what to do."</summary>
    private static Dictionary<string, (string Category, bool Terminating, string Advice)> DocumentedIds()
    {
        string text = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "en-US", "about_CodeStarProfiles.md"));
        int start = text.IndexOf("### ERROR IDS", StringComparison.Ordinal);
        Assert.True(start >= 0, "about_CodeStarProfiles has no ERROR IDS section");
        int end = text.IndexOf("\n#", start + 1, StringComparison.Ordinal);
        string section = text.Substring(start, (end < 0 ? text.Length : end) - start);
        var found = new Dictionary<string, (string, bool, string)>(StringComparer.Ordinal);
        var entry = new Regex(@"^(?<ids>[A-Za-z]+(?:, [A-Za-z]+)*) \((?<category>[A-Za-z]+)(?<terminating>, terminating)?\): (?<advice>.+)$", RegexOptions.Multiline);
        foreach (Match m in entry.Matches(section))
        {
            foreach (var id in m.Groups["ids"].Value.Split(", "))
            {
                Assert.True(found.TryAdd(id, (m.Groups["category"].Value, m.Groups["terminating"].Success, m.Groups["advice"].Value.Trim())), $"{id} is listed twice in about_CodeStarProfiles");
            }
        }

        Assert.True(found.Count >= 20, $"only {found.Count} ids found in the ERROR IDS section: is its format still 'Id (Category): ...'?");
        return found;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CodeStarProfiles.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CodeStarProfiles.sln not found above " + AppContext.BaseDirectory);
    }
}

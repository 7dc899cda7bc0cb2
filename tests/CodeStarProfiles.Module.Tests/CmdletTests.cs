using System.Management.Automation;
using Xunit;

namespace CodeStarProfiles.Module.Tests;

/// <summary>Every cmdlet and parameter set, driven the way users drive them, against a real local endpoint.</summary>
public sealed class CmdletTests : IClassFixture<ModuleFixture>
{
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9mmVD mary@laptop";
    private const string Ed25519Fingerprint = "SHA256:V2VKcnl/xUoBc+i7fofGvMyMZyOprT2VNUPx5Mm4TSY";
    private readonly ModuleFixture _f;

    public CmdletTests(ModuleFixture f) => _f = f;

    private static Dictionary<string, object?> Vars(params (string, object?)[] v) => v.ToDictionary(x => x.Item1, x => x.Item2);

    [Fact]
    public void New_with_parameters_returns_a_rich_profile()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("new");
        var r = s.Run("New-CodeStarUserProfile -UserArn $arn -DisplayName 'Mary Jane Major' -EmailAddress mary@example.com -SshPublicKey $key @Conn", Vars(("arn", arn), ("key", Ed25519)));
        Assert.Empty(r.Errors);
        var p = r.Output.Single();
        Assert.Equal("CodeStarProfiles.CodeStarUserProfile", p.TypeNames[0]);
        Assert.Equal(arn, p.Properties["UserArn"].Value);
        Assert.Equal("123456789012", p.Properties["AccountId"].Value);
        Assert.Equal(arn.Split('/').Last(), p.Properties["UserName"].Value);
        Assert.Equal("MJ", p.Properties["Initials"].Value);
        Assert.Equal(Ed25519Fingerprint, p.Properties["SshKeyFingerprint"].Value);
        var created = (DateTime)p.Properties["CreatedTimestamp"].Value;
        Assert.Equal(DateTimeKind.Utc, created.Kind);
        Assert.Equal(created, (DateTime)p.Properties["LastModifiedTimestamp"].Value);
    }

    [Fact]
    public void New_positional_and_from_a_key_file()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("keyfile");
        var keyFile = Path.Combine(_f.Directory, "id_ed25519.pub");
        File.WriteAllText(keyFile, Ed25519 + "\n");
        var r = s.Run("New-CodeStarUserProfile $arn 'Key File' keyfile@example.com -SshPublicKeyPath $keyFile @Conn", Vars(("arn", arn), ("keyFile", keyFile)));
        Assert.Empty(r.Errors);
        Assert.Equal(Ed25519, r.Prop(0, "SshPublicKey"));

        var missing = s.Run("New-CodeStarUserProfile $arn2 'Key File' keyfile@example.com -SshPublicKeyPath ./nope.pub @Conn", Vars(("arn2", ModuleFixture.NewArn("nokey"))));
        var e = Assert.Single(missing.Errors);
        Assert.Equal("SshPublicKeyPathNotFound,CodeStarProfiles.Commands.NewCodeStarUserProfileCommand", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, e.CategoryInfo.Category);
    }

    [Fact]
    public void Csv_like_rows_bind_by_the_headers_people_write_and_extra_columns_are_ignored()
    {
        using var s = _f.NewSession();
        var a1 = ModuleFixture.NewArn("csv");
        var a2 = ModuleFixture.NewArn("csv");
        var a3 = ModuleFixture.NewArn("csv");
        var r = s.Run("""
            @(
              [pscustomobject]@{ Arn = $a1; Name = 'Row One'; Email = 'one@example.com'; SshKey = $key; Department = 'Eng' },
              [pscustomobject]@{ userarn = $a2; DISPLAYNAME = 'Row Two'; Mail = 'two@example.com'; SshKey = ''; Manager = 'x' },
              [pscustomobject]@{ UserArn = $a3; DisplayName = 'Row Three'; EmailAddress = 'three@example.com'; SshPublicKey = $null }
            ) | New-CodeStarUserProfile @Conn
            """, Vars(("a1", a1), ("a2", a2), ("a3", a3), ("key", Ed25519)));
        Assert.Empty(r.Errors);
        Assert.Equal(new[] { a1, a2, a3 }.OrderBy(x => x), r.Output.Select(o => (string)o.Properties["UserArn"].Value).OrderBy(x => x));
        Assert.Equal(Ed25519, r.Output.Single(o => (string)o.Properties["UserArn"].Value == a1).Properties["SshPublicKey"].Value);
        Assert.Equal(string.Empty, r.Output.Single(o => (string)o.Properties["UserArn"].Value == a2).Properties["SshPublicKey"].Value);
    }

    [Fact]
    public void A_batch_mixing_good_and_bad_rows_lands_every_good_row_and_reports_each_bad_one_without_sending_it()
    {
        using var s = _f.NewSession();
        var good = Enumerable.Range(0, 6).Select(_ => ModuleFixture.NewArn("mix")).ToArray();
        var rows = new List<PSObject>();
        PSObject Row(string arn, string name, string email, string? ssh = null)
        {
            var o = new PSObject();
            o.Properties.Add(new PSNoteProperty("UserArn", arn));
            o.Properties.Add(new PSNoteProperty("DisplayName", name));
            o.Properties.Add(new PSNoteProperty("EmailAddress", email));
            o.Properties.Add(new PSNoteProperty("SshPublicKey", ssh));
            rows.Add(o);
            return o;
        }

        Row(good[0], "Good Zero", "g0@example.com");
        var badArn = Row("arn:aws:iam::12:user/bad", "Bad Arn", "b@example.com");
        Row(good[1], "Good One", "g1@example.com");
        var badEmail = Row(ModuleFixture.NewArn("mixbad"), "Bad Email", "not-an-email");
        Row(good[2], "Good Two", "g2@example.com");
        var badName = Row(ModuleFixture.NewArn("mixbad"), "Trailing ", "t@example.com");
        var badKey = Row(ModuleFixture.NewArn("mixbad"), "Bad Key", "k@example.com", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiro");
        var noEmail = Row(ModuleFixture.NewArn("mixbad"), "No Email", "");
        Row(good[3], "Good Three", "g3@example.com");
        var missingArn = new PSObject();
        missingArn.Properties.Add(new PSNoteProperty("DisplayName", "No Arn Column"));
        missingArn.Properties.Add(new PSNoteProperty("EmailAddress", "noarn@example.com"));
        rows.Add(missingArn);
        Row(good[4], "Good Four", "g4@example.com");
        Row(good[5], "Good Five", "g5@example.com");

        long before = _f.Endpoint.RequestCount;
        var r = s.Run("$rows | New-CodeStarUserProfile @Conn -ErrorVariable failed -ErrorAction SilentlyContinue", Vars(("rows", rows)));
        long sent = _f.Endpoint.RequestCount - before;

        Assert.Equal(good.OrderBy(x => x), r.Output.Select(o => (string)o.Properties["UserArn"].Value).OrderBy(x => x));
        Assert.Equal(6, sent); // not one request for the six invalid rows
        var failed = ((System.Collections.IEnumerable)s.Get("failed")!).Cast<object>().Select(e => e is PSObject p ? (ErrorRecord)p.BaseObject : (ErrorRecord)e).ToList();
        Assert.Equal(6, failed.Count);
        void Expect(PSObject row, string id)
        {
            var e = Assert.Single(failed, f => ReferenceEquals(Unwrap(f.TargetObject), Unwrap(row)));
            Assert.StartsWith(id + ",", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, e.CategoryInfo.Category);
            Assert.IsType<CodeStarProfilesExceptionProbe>(CodeStarProfilesExceptionProbe.From(e.Exception));
        }

        Expect(badArn, "InvalidUserArn");
        Expect(badEmail, "InvalidEmailAddress");
        Expect(badName, "InvalidDisplayName");
        Expect(badKey, "InvalidSshPublicKey");
        Expect(noEmail, "MissingEmailAddress");
        Expect(missingArn, "MissingUserArn");
        var emailError = failed.Single(f => ReferenceEquals(Unwrap(f.TargetObject), Unwrap(badEmail)));
        Assert.Contains("EmailAddress 'not-an-email'", emailError.Exception.Message);
        Assert.Contains("mary.major@example.com", emailError.Exception.Message); // the rule, in plain words
    }

    private static object Unwrap(object o) => o is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : o;

    [Fact]
    public void Duplicates_are_ResourceExists_with_the_row_as_target_and_Force_overwrites()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("dup");
        s.Run("New-CodeStarUserProfile $arn 'First' first@example.com @Conn", Vars(("arn", arn)));
        var dup = s.Run("[pscustomobject]@{ UserArn = $arn; DisplayName = 'Second'; EmailAddress = 'second@example.com' } | New-CodeStarUserProfile @Conn");
        var e = Assert.Single(dup.Errors);
        Assert.StartsWith("UserProfileAlreadyExists,", e.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, e.CategoryInfo.Category);
        Assert.Equal("Second", ((PSObject)e.TargetObject).Properties["DisplayName"].Value);
        Assert.Contains("-Force", e.ErrorDetails?.RecommendedAction);

        var forced = s.Run("[pscustomobject]@{ UserArn = $arn; DisplayName = 'Second'; EmailAddress = 'second@example.com' } | New-CodeStarUserProfile -Force @Conn");
        Assert.Empty(forced.Errors);
        Assert.Equal("Second", forced.Prop(0, "DisplayName"));
        Assert.Equal("second@example.com", s.Run("Get-CodeStarUserProfile $arn @Conn").Prop(0, "EmailAddress"));
    }

    [Fact]
    public void WhatIf_validates_every_row_reports_the_bad_ones_and_sends_nothing()
    {
        using var s = _f.NewSession();
        var a1 = ModuleFixture.NewArn("whatif");
        long before = _f.Endpoint.RequestCount;
        var r = s.Run("""
            @(
              [pscustomobject]@{ UserArn = $a1; DisplayName = 'Dry Run'; EmailAddress = 'dry@example.com' },
              [pscustomobject]@{ UserArn = 'nope'; DisplayName = 'Dry Run'; EmailAddress = 'dry@example.com' }
            ) | New-CodeStarUserProfile -WhatIf
            Remove-CodeStarUserProfile $a1 -WhatIf -Force
            Set-CodeStarUserProfile $a1 -DisplayName X -WhatIf
            """, Vars(("a1", a1)));
        Assert.Equal(0, _f.Endpoint.RequestCount - before);
        Assert.Empty(r.Output);
        var e = Assert.Single(r.Errors);
        Assert.StartsWith("InvalidUserArn,", e.FullyQualifiedErrorId);
        Assert.Contains($"What if: Performing the operation \"Create CodeStar user profile\" on target \"{a1}\"", s.Host.Text);
        Assert.Contains($"What if: Performing the operation \"Remove CodeStar user profile\" on target \"{a1}\"", s.Host.Text);
        Assert.Contains("Update CodeStar user profile: DisplayName", s.Host.Text);
    }

    [Fact]
    public void ErrorAction_Stop_stops_at_the_first_bad_row()
    {
        using var s = _f.NewSession();
        var first = ModuleFixture.NewArn("stop");
        var after = ModuleFixture.NewArn("stop");
        var r = s.Run("""
            @(
              [pscustomobject]@{ UserArn = $first; DisplayName = 'First'; EmailAddress = 'f@example.com' },
              [pscustomobject]@{ UserArn = 'bad'; DisplayName = 'Bad'; EmailAddress = 'b@example.com' },
              [pscustomobject]@{ UserArn = $after; DisplayName = 'After'; EmailAddress = 'a@example.com' }
            ) | New-CodeStarUserProfile -ThrottleLimit 1 -ErrorAction Stop @Conn
            """, Vars(("first", first), ("after", after)));
        Assert.NotNull(r.Terminating);
        Assert.Contains("UserArn 'bad'", r.Terminating!.Message);
        Assert.Empty(s.Run("Get-CodeStarUserProfile $after @Conn -ErrorAction SilentlyContinue").Output);
    }

    [Fact]
    public void Get_describes_by_argument_and_pipeline_and_lists_with_wildcards()
    {
        using var s = _f.NewSession();
        var a = ModuleFixture.NewArn("get");
        var b = ModuleFixture.NewArn("get");
        s.Run("New-CodeStarUserProfile $a 'Wildcard Alpha' alpha@get.example.com @Conn; New-CodeStarUserProfile $b 'Wildcard Beta' beta@get.example.com @Conn", Vars(("a", a), ("b", b)));

        var byArgs = s.Run("Get-CodeStarUserProfile -UserArn $a, $b @Conn");
        Assert.Equal(2, byArgs.Output.Count);
        Assert.NotNull(byArgs.Prop(0, "CreatedTimestamp"));
        var byPipe = s.Run("$a, 'bad-arn', $b | Get-CodeStarUserProfile @Conn");
        Assert.Equal(2, byPipe.Output.Count);
        var e = Assert.Single(byPipe.Errors);
        Assert.Equal("bad-arn", e.TargetObject);

        var listed = s.Run("Get-CodeStarUserProfile -DisplayName 'wildcard*' @Conn");
        Assert.Equal(new[] { a, b }.OrderBy(x => x), listed.Output.Select(o => (string)o.Properties["UserArn"].Value).OrderBy(x => x));
        Assert.All(listed.Output, o => Assert.Null(o.Properties["CreatedTimestamp"].Value)); // ListUserProfiles has no timestamps
        Assert.Single(s.Run("Get-CodeStarUserProfile -EmailAddress 'BETA@*' @Conn").Output);

        // A listing piped into Get-CodeStarUserProfile describes each profile: now with timestamps.
        var described = s.Run("Get-CodeStarUserProfile -DisplayName 'wildcard*' @Conn | Get-CodeStarUserProfile @Conn");
        Assert.Equal(2, described.Output.Count);
        Assert.All(described.Output, o => Assert.NotNull(o.Properties["LastModifiedTimestamp"].Value));

        var missing = s.Run("Get-CodeStarUserProfile $m @Conn", Vars(("m", ModuleFixture.NewArn("missing"))));
        var nf = Assert.Single(missing.Errors);
        Assert.StartsWith("UserProfileNotFound,", nf.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, nf.CategoryInfo.Category);
    }

    [Fact]
    public void Listing_follows_every_page()
    {
        using var s = _f.NewSession();
        var rows = Enumerable.Range(0, 230).Select(i =>
        {
            var o = new PSObject();
            o.Properties.Add(new PSNoteProperty("UserArn", $"arn:aws:iam::999999999999:user/pages/p{i:D4}"));
            o.Properties.Add(new PSNoteProperty("DisplayName", $"Page User {i}"));
            o.Properties.Add(new PSNoteProperty("EmailAddress", $"p{i}@pages.example.com"));
            return o;
        }).ToList();
        Assert.Empty(s.Run("$rows | New-CodeStarUserProfile -ThrottleLimit 8 @Conn | Out-Null", Vars(("rows", rows))).Errors);
        var listed = s.Run("Get-CodeStarUserProfile -EmailAddress '*@pages.example.com' @Conn");
        Assert.Equal(230, listed.Output.Count);
    }

    [Fact]
    public void Set_changes_only_what_it_is_given_and_Get_output_pipes_into_Set_and_Remove()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("set");
        s.Run("New-CodeStarUserProfile $arn 'Before' before@example.com -SshPublicKey $key @Conn", Vars(("arn", arn), ("key", Ed25519)));
        var set = s.Run("Set-CodeStarUserProfile $arn -EmailAddress after@example.com -PassThru @Conn");
        Assert.Empty(set.Errors);
        Assert.Equal("Before", set.Prop(0, "DisplayName"));
        Assert.Equal("after@example.com", set.Prop(0, "EmailAddress"));
        Assert.Equal(Ed25519, set.Prop(0, "SshPublicKey"));
        Assert.Empty(s.Run("Set-CodeStarUserProfile $arn -DisplayName 'No PassThru' @Conn").Output);

        var piped = s.Run("Get-CodeStarUserProfile $arn @Conn | Set-CodeStarUserProfile -DisplayName 'Piped' -PassThru @Conn");
        Assert.Empty(piped.Errors);
        Assert.Equal("Piped", piped.Prop(0, "DisplayName"));
        Assert.Equal("after@example.com", piped.Prop(0, "EmailAddress"));

        var bad = s.Run("Set-CodeStarUserProfile $arn -EmailAddress 'nope' @Conn");
        Assert.StartsWith("InvalidEmailAddress,", Assert.Single(bad.Errors).FullyQualifiedErrorId);
        var nf = s.Run("Set-CodeStarUserProfile $m -DisplayName X @Conn", Vars(("m", ModuleFixture.NewArn("missing"))));
        Assert.Equal(ErrorCategory.ObjectNotFound, Assert.Single(nf.Errors).CategoryInfo.Category);

        var removed = s.Run("Get-CodeStarUserProfile $arn @Conn | Remove-CodeStarUserProfile -Force -PassThru @Conn");
        Assert.Empty(removed.Errors);
        Assert.Equal(arn, removed.Prop(0, "UserArn"));
        Assert.Equal("UserProfileNotFound", s.Run("Get-CodeStarUserProfile $arn @Conn").Errors.Single().FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void Exported_rows_set_back_without_changes_other_than_last_modified()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("export");
        s.Run("New-CodeStarUserProfile $arn 'Export Me' export@example.com -SshPublicKey $key @Conn", Vars(("arn", arn), ("key", Ed25519)));
        // What Export-Csv then Import-Csv gives: every property as a string column.
        var r = s.Run("""
            $p = Get-CodeStarUserProfile $arn @Conn
            $row = [pscustomobject]@{}
            foreach ($prop in $p.PSObject.Properties) { $row.PSObject.Properties.Add([psnoteproperty]::new($prop.Name, [string]$prop.Value)) }
            $row | Set-CodeStarUserProfile -PassThru @Conn
            """);
        Assert.True(r.Errors.Count == 0, string.Join("\n", r.Errors.Select(e => e.ToString())));
        Assert.Equal("Export Me", r.Prop(0, "DisplayName"));
        Assert.Equal(Ed25519, r.Prop(0, "SshPublicKey"));
    }

    [Fact]
    public void Remove_asks_for_confirmation_unless_Force_or_Confirm_false()
    {
        using var s = _f.NewSession();
        var a = ModuleFixture.NewArn("rm");
        var b = ModuleFixture.NewArn("rm");
        s.Run("New-CodeStarUserProfile $a 'Rm A' a@example.com @Conn; New-CodeStarUserProfile $b 'Rm B' b@example.com @Conn", Vars(("a", a), ("b", b)));
        var prompted = s.Run("Remove-CodeStarUserProfile $a @Conn");
        Assert.True(prompted.Terminating != null || prompted.Errors.Count > 0, "a non-interactive host cannot confirm");
        Assert.True(s.Host.Prompts > 0);
        Assert.Single(s.Run("Get-CodeStarUserProfile $a @Conn").Output);

        Assert.Empty(s.Run("Remove-CodeStarUserProfile $a -Confirm:$false @Conn").Errors);
        Assert.Empty(s.Run("[pscustomobject]@{ Arn = $b; Extra = 1 } | Remove-CodeStarUserProfile -Force @Conn").Errors);
        Assert.Empty(s.Run("Get-CodeStarUserProfile -UserArn $a, $b @Conn -ErrorAction SilentlyContinue").Output);
        // Removing what is not there succeeds, as DeleteUserProfile does.
        Assert.Empty(s.Run("Remove-CodeStarUserProfile $a -Force @Conn").Errors);
    }

    [Fact]
    public void ThrottleLimit_above_1_gives_the_same_results_as_1()
    {
        using var s = _f.NewSession();
        List<PSObject> Rows(string tag) => Enumerable.Range(0, 40).Select(i =>
        {
            var o = new PSObject();
            o.Properties.Add(new PSNoteProperty("UserArn", i % 10 == 9 ? "invalid" : $"arn:aws:iam::888888888888:user/{tag}/u{i:D3}"));
            o.Properties.Add(new PSNoteProperty("DisplayName", $"User {i}"));
            o.Properties.Add(new PSNoteProperty("EmailAddress", $"u{i}@example.com"));
            return o;
        }).ToList();

        (string[] Created, int Failed) Onboard(string tag, int limit)
        {
            var r = s.Run($"$rows | New-CodeStarUserProfile -ThrottleLimit {limit} @Conn", Vars(("rows", Rows(tag))));
            return (r.Output.Select(o => ((string)o.Properties["UserArn"].Value).Replace(tag, "T")).OrderBy(x => x).ToArray(), r.Errors.Count);
        }

        var one = Onboard("tl1", 1);
        var sixteen = Onboard("tl16", 16);
        Assert.Equal(36, one.Created.Length);
        Assert.Equal(one.Created, sixteen.Created);
        Assert.Equal(one.Failed, sixteen.Failed);
    }

    [Fact]
    public void Wrong_credentials_are_PermissionDenied_per_row_and_no_secret_appears_anywhere()
    {
        using var s = _f.NewSession();
        var r = s.Run("""
            @(
              [pscustomobject]@{ UserArn = $a1; DisplayName = 'One'; EmailAddress = 'one@example.com' },
              [pscustomobject]@{ UserArn = $a2; DisplayName = 'Two'; EmailAddress = 'two@example.com' }
            ) | New-CodeStarUserProfile -EndpointUrl $Endpoint -Region us-east-1 -AccessKey AKIACODESTARLOCAL001 -SecretKey 'Not-The-Secret-123' -Verbose
            """, Vars(("a1", ModuleFixture.NewArn("deny")), ("a2", ModuleFixture.NewArn("deny"))));
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.StartsWith("AccessDenied,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, e.CategoryInfo.Category);
            Assert.Contains("InvalidSignatureException", e.Exception.Message);
        });
        string everything = s.Host.Text + string.Join("\n", r.Verbose) + string.Join("\n", r.Errors.Select(e => e.ToString() + e.ErrorDetails?.RecommendedAction));
        Assert.DoesNotContain("Not-The-Secret-123", everything);
        Assert.DoesNotContain("Signature=", everything);
        Assert.Contains(r.Verbose, v => v.Contains("endpoint " + _f.Url));
        Assert.Contains(r.Verbose, v => v.Contains("CreateUserProfile") && v.Contains("request id"));
    }

    [Fact]
    public void Credential_parameter_works_and_verbose_summarises()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("cred");
        var r = s.Run("""
            $secure = [securestring]::new(); foreach ($c in $Conn.SecretKey.ToCharArray()) { $secure.AppendChar($c) }
            $cred = [pscredential]::new($Conn.AccessKey, $secure)
            New-CodeStarUserProfile $arn 'Cred User' cred@example.com -Credential $cred -EndpointUrl $Endpoint -Region us-east-1 -Verbose
            """, Vars(("arn", arn)));
        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
        Assert.Contains(r.Verbose, v => v.StartsWith("New-CodeStarUserProfile: 1 items in") && v.Contains("1 created, 0 failed"));
    }

    [Fact]
    public void An_unreachable_endpoint_is_a_ConnectionError_per_row()
    {
        using var s = _f.NewSession();
        var r = s.Run("""
            @(
              [pscustomobject]@{ UserArn = $a1; DisplayName = 'One'; EmailAddress = 'one@example.com' },
              [pscustomobject]@{ UserArn = $a2; DisplayName = 'Two'; EmailAddress = 'two@example.com' }
            ) | New-CodeStarUserProfile -EndpointUrl http://127.0.0.1:9 -Region us-east-1 -AccessKey AKIACODESTARLOCAL001 -SecretKey x -MaxRetryAttempts 0
            """, Vars(("a1", ModuleFixture.NewArn("down")), ("a2", ModuleFixture.NewArn("down"))));
        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Errors.Count);
        Assert.All(r.Errors, e =>
        {
            Assert.StartsWith("ConnectionFailed,", e.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ConnectionError, e.CategoryInfo.Category);
            Assert.IsType<PSObject>(e.TargetObject);
        });
    }

    [Fact]
    public void The_table_view_renders_through_Out_Default()
    {
        using var s = _f.NewSession();
        var arn = ModuleFixture.NewArn("view");
        s.Run("New-CodeStarUserProfile $arn 'View User' view@example.com -SshPublicKey $key @Conn | Out-Default", Vars(("arn", arn), ("key", Ed25519)));
        var text = s.Host.Text;
        Assert.Matches(@"UserName\s+DisplayName\s+EmailAddress\s+SshKeyFingerprint\s+LastModified \(UTC\)", text);
        Assert.Contains(arn.Split('/').Last(), text);
        Assert.Contains(Ed25519Fingerprint, text);
        Assert.Matches(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", text);
        Assert.DoesNotContain("\u001b[", text);
    }

    [Fact]
    public void The_list_view_names_only_real_properties()
    {
        var xml = System.Xml.Linq.XDocument.Load(Path.Combine(Repo.Root, "module", "CodeStarProfiles.format.ps1xml"));
        using var s = _f.NewSession();
        var props = s.Run("[CodeStarProfiles.CodeStarUserProfile]::new('arn:aws:iam::123456789012:user/x').PSObject.Properties.Name").Output.Select(o => o.ToString()).ToHashSet();
        var listed = xml.Descendants("ListItem").Select(i => i.Element("PropertyName")?.Value).Where(n => n != null).ToList();
        Assert.Equal(10, listed.Count);
        Assert.All(listed, n => Assert.Contains(n!, props));
    }
}

/// <summary>Checks that an error's exception is the module's own type, without referencing the module's assembly.</summary>
public sealed class CodeStarProfilesExceptionProbe
{
    public static object? From(Exception e) => e.GetType().FullName == "CodeStarProfiles.CodeStarProfileException" ? new CodeStarProfilesExceptionProbe() : e;
}

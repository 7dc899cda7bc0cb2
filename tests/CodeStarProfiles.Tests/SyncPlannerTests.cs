extern alias module;
using CsCheck;
using module::CodeStarProfiles;
using module::CodeStarProfiles.Sync;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>The sync planner and its safety rules, as pure logic: scope, columns, the removal guard.</summary>
public sealed class SyncPlannerTests
{
    private const string Staff = "arn:aws:iam::111111111111:user/staff/";
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9mmVD mary@laptop";

    private static CodeStarUserProfile Current(string name, string display = "A User", string email = "a@example.com", string? key = null) =>
        new(Staff + name, display, email, key, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc));

    private static DesiredProfile Want(string name, string display = "A User", string email = "a@example.com", string? key = null, bool hasKey = false) =>
        new(Staff + name, display, email, key, hasKey);

    private static readonly ArnScope StaffScope = new(new[] { Staff + "*" });

    [Fact]
    public void Creates_updates_and_removes_only_what_differs()
    {
        var plan = SyncPlanner.Plan(
            new[] { Want("new"), Want("same"), Want("moved", email: "moved@example.com") },
            new[] { Current("same"), Current("moved"), Current("left") },
            StaffScope, planRemovals: true, includeEqual: false);

        Assert.Equal(new[] { (ChangeAction.Create, "new"), (ChangeAction.Update, "moved"), (ChangeAction.Remove, "left") },
            plan.Changes.Select(c => (c.Action, c.UserName!)));
        var update = plan.Changes[1];
        var diff = Assert.Single(update.Changes);
        Assert.Equal(("EmailAddress", "a@example.com", "moved@example.com"), (diff.Property, diff.Current, diff.Desired));
        Assert.Equal(new DateTime(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc), update.CurrentLastModifiedTimestamp);
        Assert.Null(plan.Changes[0].Current);
        Assert.False(plan.Changes[0].CurrentExists);
        Assert.Equal(3, plan.InScope);
    }

    [Fact]
    public void A_change_is_as_planned_only_when_the_profile_holds_all_it_sets()
    {
        var update = SyncPlanner.Diff(Want("u", display: "New Name", key: Key, hasKey: true), Current("u"));
        Assert.True(SyncPlanner.IsAsPlanned(update, Current("u", display: "New Name", key: Key + " ")));  // keys compared trimmed, as planned
        Assert.False(SyncPlanner.IsAsPlanned(update, Current("u", display: "New Name")));                 // the key it sets is not there
        Assert.False(SyncPlanner.IsAsPlanned(update, Current("u", display: "Other Name", key: Key)));
        Assert.False(SyncPlanner.IsAsPlanned(update, null));

        var noKeys = SyncPlanner.Diff(Want("n", display: "New Name"), Current("n", key: Key));
        Assert.True(SyncPlanner.IsAsPlanned(noKeys, Current("n", display: "New Name", key: "ssh-rsa AAAA other")));  // no key column: keys not compared

        var create = SyncPlanner.Diff(Want("c", email: "c@example.com"), null);
        Assert.True(SyncPlanner.IsAsPlanned(create, Current("c", email: "c@example.com")));
        Assert.False(SyncPlanner.IsAsPlanned(create, Current("c", email: "someone.else@example.com")));
        Assert.False(SyncPlanner.IsAsPlanned(create, null));

        var removal = SyncPlanner.Removal(Current("r"));
        Assert.True(SyncPlanner.IsAsPlanned(removal, null));
        Assert.False(SyncPlanner.IsAsPlanned(removal, Current("r")));
    }

    [Fact]
    public void A_profile_the_input_names_in_another_case_is_not_removed()
    {
        var plan = SyncPlanner.Plan(new[] { Want("Mary.Major") }, new[] { Current("mary.major") }, StaffScope, true, false);
        Assert.DoesNotContain(plan.Changes, c => c.Action == ChangeAction.Remove);
    }

    [Fact]
    public void IncludeEqual_lists_the_unchanged_profiles_too()
    {
        var plan = SyncPlanner.Plan(new[] { Want("same") }, new[] { Current("same") }, StaffScope, true, includeEqual: true);
        var c = Assert.Single(plan.Changes);
        Assert.Equal(ChangeAction.Unchanged, c.Action);
        Assert.Empty(c.Changes);
    }

    [Fact]
    public void Profiles_outside_the_scope_are_never_removed_and_no_scope_removes_nothing()
    {
        var outside = new CodeStarUserProfile("arn:aws:iam::111111111111:user/contractors/bob", "Bob", "bob@example.com");
        var current = new[] { Current("left"), outside };
        var scoped = SyncPlanner.Plan(Array.Empty<DesiredProfile>(), current, StaffScope, true, false);
        Assert.Equal(Staff + "left", Assert.Single(scoped.Changes).UserArn);
        Assert.Equal(1, scoped.InScope);

        var unscoped = SyncPlanner.Plan(Array.Empty<DesiredProfile>(), current, new ArnScope(null), true, false);
        Assert.Empty(unscoped.Changes);
    }

    [Fact]
    public void An_untrustworthy_input_plans_no_removal_but_still_creates_and_updates()
    {
        var plan = SyncPlanner.Plan(new[] { Want("new"), Want("moved", display: "Moved") }, new[] { Current("moved"), Current("left") },
            StaffScope, planRemovals: false, includeEqual: false);
        Assert.Equal(new[] { ChangeAction.Create, ChangeAction.Update }, plan.Changes.Select(c => c.Action));
    }

    [Fact]
    public void The_key_is_compared_only_when_the_input_has_a_key_column_and_empty_means_no_key()
    {
        var current = new[] { Current("keyed", key: Key) };
        Assert.Empty(SyncPlanner.Plan(new[] { Want("keyed") }, current, StaffScope, true, false).Changes);

        var cleared = Assert.Single(SyncPlanner.Plan(new[] { Want("keyed", key: "", hasKey: true) }, current, StaffScope, true, false).Changes);
        Assert.Equal(ChangeAction.Update, cleared.Action);
        Assert.Equal(("SshPublicKey", Key, ""), (cleared.Changes[0].Property, cleared.Changes[0].Current, cleared.Changes[0].Desired));
        Assert.True(cleared.SetsSshPublicKey);
        Assert.Equal(string.Empty, cleared.SshPublicKey);

        Assert.Empty(SyncPlanner.Plan(new[] { Want("keyed", key: "  " + Key + "\n", hasKey: true) }, current, StaffScope, true, false).Changes);
        Assert.Empty(SyncPlanner.Plan(new[] { Want("plain", key: "", hasKey: true) }, new[] { Current("plain") }, StaffScope, true, false).Changes);
    }

    [Fact]
    public void A_create_lists_every_value_it_sets()
    {
        var c = Assert.Single(SyncPlanner.Plan(new[] { Want("new", "New User", "new@example.com", Key, true) }, Array.Empty<CodeStarUserProfile>(), StaffScope, true, false).Changes);
        Assert.Equal(new[] { ("DisplayName", (string?)null, "New User"), ("EmailAddress", null, "new@example.com"), ("SshPublicKey", null, Key) },
            c.Changes.Select(x => (x.Property, x.Current, x.Desired!)));
        Assert.Equal("DisplayName, EmailAddress, SshPublicKey", c.ChangedProperties);
    }

    [Theory]
    [InlineData(5, 0, 10, null, false)]    // up to 5 always
    [InlineData(6, 50, 44, null, true)]    // 10% of 50 is 5: 6 is too many
    [InlineData(20, 200, 180, null, false)] // 10% of 200
    [InlineData(21, 200, 179, null, true)]
    [InlineData(1, 10, 9, 0, true)]         // -MaxRemove 0 forbids removals
    [InlineData(30, 100, 70, 30, false)]    // -MaxRemove raises the limit
    [InlineData(3, 3, 0, null, true)]       // an empty input is refused even under the limit
    [InlineData(3, 3, 0, 3, true)]          // ... and whatever the limit
    [InlineData(0, 3, 0, null, false)]
    public void The_removal_guard(int removals, int inScope, int inputRows, int? maxRemove, bool refused)
    {
        var reason = SyncPlanner.CheckRemovals(removals, inScope, inputRows, maxRemove);
        Assert.Equal(refused, reason != null);
        if (reason != null)
        {
            Assert.Contains(removals.ToString(), reason);
            Assert.Contains("Nothing was changed", reason);
        }
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/staff/*", "arn:aws:iam::111111111111:user/staff/mary", true)]
    [InlineData("arn:aws:iam::111111111111:user/staff/*", "arn:aws:iam::111111111111:user/STAFF/mary", true)]
    [InlineData("arn:aws:iam::111111111111:user/staff/*", "arn:aws:iam::111111111111:user/staffing/mary", false)]
    [InlineData("arn:aws:iam::111111111111:user/staff/?ary", "arn:aws:iam::111111111111:user/staff/mary", true)]
    [InlineData("arn:aws:iam::111111111111:user/staff/[mg]ary", "arn:aws:iam::111111111111:user/staff/gary", true)]
    [InlineData("arn:aws:iam::111111111111:user/staff/[mg]ary", "arn:aws:iam::111111111111:user/staff/lary", false)]
    [InlineData("arn:aws:iam::111111111111:user/a+b", "arn:aws:iam::111111111111:user/a+b", true)]
    [InlineData("arn:aws:iam::111111111111:user/a.b", "arn:aws:iam::111111111111:user/axb", false)]
    public void Scope_patterns_match_as_PowerShell_wildcards(string pattern, string arn, bool match) =>
        Assert.Equal(match, new ArnScope(new[] { pattern }).Contains(arn));

    /// <summary>Applying any plan to the current state gives the desired state inside the scope and leaves the rest alone.</summary>
    [Fact]
    public void Applying_a_plan_reaches_the_desired_state_and_touches_nothing_outside_the_scope()
    {
        var names = Gen.Int[0, 7].Select(i => "u" + i);
        var value = Gen.Bool.Select(b => b ? "A" : "B");
        var genCurrent = Gen.Select(names, Gen.Bool, value, value).Select((n, inStaff, d, e) =>
            new CodeStarUserProfile((inStaff ? Staff : "arn:aws:iam::111111111111:user/other/") + n, d, e + "@example.com")).Array[0, 8];
        var genDesired = Gen.Select(names, value, value, Gen.Bool).Select((n, d, e, key) => Want(n, d, e + "@example.com", key ? Key : "", key)).Array[0, 8];
        Gen.Select(genCurrent, genDesired, Gen.Bool).Sample((current, desiredAll, removals) =>
        {
            var currentUnique = current.GroupBy(c => c.UserArn).Select(g => g.First()).ToList();
            var desired = desiredAll.GroupBy(d => d.UserArn).Select(g => g.First()).ToList();
            var plan = SyncPlanner.Plan(desired, currentUnique, StaffScope, removals, includeEqual: false);

            var state = currentUnique.ToDictionary(c => c.UserArn, c => (c.DisplayName, c.EmailAddress, Key: c.SshPublicKey ?? ""));
            foreach (var c in plan.Changes)
            {
                switch (c.Action)
                {
                    case ChangeAction.Remove:
                        Assert.StartsWith(Staff, c.UserArn);
                        Assert.True(removals);
                        state.Remove(c.UserArn);
                        break;
                    case ChangeAction.Create:
                        Assert.False(state.ContainsKey(c.UserArn));
                        state[c.UserArn] = (c.DisplayName, c.EmailAddress, c.SshPublicKey ?? "");
                        break;
                    case ChangeAction.Update:
                        var old = state[c.UserArn];
                        state[c.UserArn] = (c.DisplayName, c.EmailAddress, c.SetsSshPublicKey ? c.SshPublicKey! : old.Key);
                        break;
                    default:
                        Assert.Fail("Unchanged is listed only with includeEqual");
                        break;
                }
            }

            foreach (var d in desired)
            {
                var s = state[d.UserArn];
                Assert.Equal((d.DisplayName, d.EmailAddress), (s.DisplayName, s.EmailAddress));
                if (d.HasSshPublicKey)
                {
                    Assert.Equal(d.SshPublicKey, s.Key);
                }
            }

            foreach (var c in currentUnique.Where(c => !c.UserArn.StartsWith(Staff) && desired.All(d => d.UserArn != c.UserArn)))
            {
                Assert.True(state.ContainsKey(c.UserArn), "a profile outside the scope was removed");
            }

            if (removals)
            {
                Assert.DoesNotContain(state.Keys, k => k.StartsWith(Staff) && desired.All(d => d.UserArn != k));
            }

            Assert.Equal(plan.Changes.Count, plan.Changes.Select(c => c.UserArn).Distinct().Count());
        });
    }
}

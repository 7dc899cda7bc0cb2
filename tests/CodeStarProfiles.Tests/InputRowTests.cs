extern alias module;
using System.Collections;
using System.Data;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CsCheck;
using module::CodeStarProfiles.Validation;
using Xunit;

/// <summary>
/// InputRow reads a row's column the way PowerShell's binder binds a property by name: checked
/// against the binder itself (a probe cmdlet with ValueFromPipelineByPropertyName parameters in a
/// real runspace), for each kind of value a row can carry and for random rows.
/// </summary>
public sealed class InputRowTests : IDisposable
{
    private const string RefusedList = "<refused: a list>";

    private const string Unbound = "<unbound>";
    private readonly Runspace _runspace;

    // One reader for all the rows of a test, as a command has one for its run: rows of changing shapes go through it.
    private readonly InputRow _reader = new();

    public InputRowTests()
    {
        var state = InitialSessionState.Create();
        state.Commands.Add(new SessionStateCmdletEntry("Test-BindText", typeof(BindTextProbe), null));
        state.Commands.Add(new SessionStateCmdletEntry("Test-BindTexts", typeof(BindTextsProbe), null));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public void Dispose() => _runspace.Dispose();

    [Cmdlet("Test", "BindText")]
    public sealed class BindTextProbe : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Email", "Mail")]
        [AllowNull]
        [AllowEmptyString]
        public string? EmailAddress { get; set; }

        protected override void ProcessRecord() => WriteObject(EmailAddress ?? Unbound);
    }

    [Cmdlet("Test", "BindTexts")]
    public sealed class BindTextsProbe : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public PSObject? InputObject { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Email", "Mail")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        public string?[]? EmailAddress { get; set; }

        protected override void ProcessRecord() => WriteObject(EmailAddress == null ? Unbound : string.Join("\u241F", EmailAddress.Select(e => e ?? "<null>")) + $"#{EmailAddress.Length}");
    }

    private string Bound(string probe, PSObject row)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        var output = ps.AddCommand(probe).Invoke(new[] { row });
        Assert.Empty(ps.Streams.Error);
        return Assert.Single(output).BaseObject.ToString()!;
    }

    private bool Present(PSObject row, RowColumn column)
    {
        _reader.Text(row, column, out bool present);
        return present;
    }

    private const string RefusedConflict = "<refused: spellings disagree>";

    /// <summary>
    /// What InputRow reads for a [string] parameter; a list, which the binder leaves unbound, InputRow refuses
    /// with an error saying so, and so it refuses two spellings with different values, of which the binder takes one.
    /// </summary>
    private string Read(PSObject row)
    {
        try
        {
            return _reader.Text(row, RowColumn.EmailAddress) ?? Unbound;
        }
        catch (RowColumnUnreadableException e) when (e.Message.Contains("is a list of"))
        {
            return RefusedList;
        }
        catch (RowColumnUnreadableException e) when (e.Message.Contains("their values differ"))
        {
            return RefusedConflict;
        }
    }

    /// <summary>
    /// The binder's [string] answer and InputRow's agree: the same text, or unbound where InputRow refuses a
    /// list, or a refusal of a row whose spellings of the column disagree (<see cref="Disagree"/>).
    /// </summary>
    private bool Agree(string bound, string read, PSObject row) =>
        Disagree(row) ? read == RefusedConflict : bound == read || (bound == Unbound && read == RefusedList);

    /// <summary>
    /// Whether two of the row's spellings of EmailAddress hold different non-empty values, as the binder
    /// itself binds each one alone to a [string[]] (so 5 and "5" agree); empty is unbound, no element, or one null or empty one.
    /// </summary>
    private bool Disagree(PSObject row)
    {
        var values = row.Properties
            .Where(p => new[] { "EmailAddress", "Email", "Mail" }.Contains(p.Name, StringComparer.OrdinalIgnoreCase))
            .Select(p => Bound("Test-BindTexts", Row((p.Name, p.Value))))
            .Where(b => b != Unbound && b != "#0" && b != "#1" && b != "<null>#1")
            .Distinct()
            .ToList();
        return values.Count > 1;
    }

    private string ReadAll(PSObject row)
    {
        string?[]? all;
        try
        {
            all = _reader.Texts(row, RowColumn.EmailAddress);
        }
        catch (RowColumnUnreadableException e) when (e.Message.Contains("their values differ"))
        {
            return RefusedConflict;
        }

        return all == null ? Unbound : string.Join("\u241F", all.Select(e => e ?? "<null>")) + $"#{all.Length}";
    }

    private bool AgreeAll(string bound, string read, PSObject row) => Disagree(row) ? read == RefusedConflict : bound == read;

    private static PSObject Row(params (string Name, object? Value)[] properties)
    {
        var row = new PSObject();
        foreach (var (name, value) in properties)
        {
            row.Properties.Add(new PSNoteProperty(name, value));
        }

        return row;
    }

    /// <summary>The values a row's cell can hold: what Import-Csv, ConvertFrom-Json, a database and scripts give.</summary>
    public static TheoryData<string, object?> Values() => new()
    {
        { "text", "a@example.com" },
        { "empty text", "" },
        { "null", null },
        { "int", 5 },
        { "double", 1.5 },
        { "bool", true },
        { "date", new DateTime(2024, 1, 2, 3, 4, 5) },
        { "char", 'c' },
        { "array of two", new object[] { "a", "b" } },
        { "array with a null", new object?[] { "a", null } },
        { "empty array", Array.Empty<object>() },
        { "list", new List<string> { "x" } },
        { "hashtable", new Hashtable { ["a"] = 1 } },
        { "DBNull", DBNull.Value },
        { "wrapped text", new PSObject("w@example.com") },
        { "custom object", Row(("a", 1)) },
        { "guid", new Guid("6f9619ff-8b86-d011-b42d-00cf4fc964ff") },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_reads_as_the_binder_binds_it_to_a_string(string kind, object? value)
    {
        var row = Row(("EmailAddress", value));
        bool list = value is not string && value is not IDictionary && LanguagePrimitives.GetEnumerable(value is PSObject o ? o.BaseObject : value) != null;
        Assert.True(Agree(Bound("Test-BindText", row), Read(row), row), $"{kind}: binder '{Bound("Test-BindText", row)}', InputRow '{Read(row)}'");
        Assert.Equal(list, Read(row) == RefusedList);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_reads_as_the_binder_binds_it_to_a_string_array(string kind, object? value)
    {
        var row = Row(("EmailAddress", value));
        Assert.True(AgreeAll(Bound("Test-BindTexts", row), ReadAll(row), row), $"{kind}: binder '{Bound("Test-BindTexts", row)}', InputRow '{ReadAll(row)}'");
    }

    [Fact]
    public void The_name_wins_over_an_alias_even_when_its_value_is_null_and_aliases_go_in_order()
    {
        foreach (var row in new[]
        {
            Row(("Mail", "m"), ("EmailAddress", null)),
            Row(("Mail", "m"), ("Email", "")),
            Row(("Mail", ""), ("Email", "e")),
            Row(("Mail", "same"), ("Email", "same")),
            Row(("mail", "m")),
            Row(("EMAILADDRESS", "upper"), ("Email", "upper")),
            Row(("Other", "o")),
        })
        {
            Assert.Equal(Bound("Test-BindText", row), Read(row));
        }

        Assert.Equal("", _reader.Text(Row(("Mail", "m"), ("Email", "")), RowColumn.EmailAddress));
        Assert.Null(_reader.Text(Row(("Mail", "m"), ("EmailAddress", null)), RowColumn.EmailAddress));
    }

    [Fact]
    public void Strings_and_objects_without_the_column_have_none()
    {
        Assert.False(Present(new PSObject("arn:aws:iam::111111111111:user/a"), RowColumn.UserArn));
        Assert.Null(_reader.Text(new PSObject("arn:aws:iam::111111111111:user/a"), RowColumn.UserArn));
        Assert.Null(_reader.Text(null, RowColumn.UserArn));
        Assert.False(Present(Row(("UserArns", "x")), RowColumn.UserArn));
        Assert.True(Present(Row(("arn", null)), RowColumn.UserArn));
        Assert.Equal("x", _reader.Text(PSObject.AsPSObject(new { UserArn = "x" }), RowColumn.UserArn));
    }

    [Fact]
    public void A_hashtable_row_reads_its_keys_as_columns_in_any_case_and_by_alias()
    {
        var hashtable = new PSObject(new Hashtable(StringComparer.OrdinalIgnoreCase) { ["userarn"] = "h", ["Mail"] = 5 });
        Assert.Equal("h", _reader.Text(hashtable, RowColumn.UserArn));
        Assert.Equal("5", _reader.Text(hashtable, RowColumn.EmailAddress));
        Assert.False(Present(hashtable, RowColumn.DisplayName));

        // A dictionary whose own comparer minds case is still matched ignoring it, and the name wins over an empty alias;
        // a key of each with different values is refused, as two such properties are.
        var dictionary = new PSObject(new Dictionary<string, object?> { ["ARN"] = "", ["USERARN"] = "name", ["SshKey"] = null });
        Assert.Equal("name", _reader.Text(dictionary, RowColumn.UserArn));
        var both = new PSObject(new Dictionary<string, object?> { ["ARN"] = "alias", ["USERARN"] = "name" });
        Assert.Contains("both USERARN 'name' and ARN 'alias'", Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(both, RowColumn.UserArn)).Message);
        Assert.True(Present(dictionary, RowColumn.SshPublicKey));
        Assert.Null(_reader.Text(dictionary, RowColumn.SshPublicKey));
        Assert.Equal(new[] { "a", "b" }, _reader.Texts(new PSObject(new Hashtable { ["Arn"] = new[] { "a", "b" } }), RowColumn.UserArn));
        Assert.False(Present(new PSObject(new Dictionary<int, string> { [1] = "x" }), RowColumn.UserArn));
    }

    [Fact]
    public void A_database_row_reads_its_columns_and_a_null_cell_is_empty()
    {
        var table = new DataTable();
        table.Columns.Add("EmailAddress");
        table.Rows.Add(DBNull.Value);
        table.Rows.Add("d@example.com");
        foreach (DataRow r in table.Rows)
        {
            var row = PSObject.AsPSObject(r);
            Assert.Equal(Bound("Test-BindText", row), Read(row));
        }

        Assert.Equal("", _reader.Text(PSObject.AsPSObject(table.Rows[0]), RowColumn.EmailAddress));
    }

    [Fact]
    public void A_list_where_one_value_is_needed_is_an_error_naming_the_column_the_count_and_the_values()
    {
        var e = Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(Row(("Email", new object?[] { "a@example.com", null, "b@example.com", "c@example.com" })), RowColumn.EmailAddress));
        Assert.Same(RowColumn.EmailAddress, e.Column);
        Assert.Equal("EmailAddress takes one value, but the input row's EmailAddress is a list of 4 (System.Object[]: 'a@example.com', $null, 'b@example.com', ...). Give one value per row.", e.Message);
        var empty = Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(Row(("EmailAddress", new List<string>())), RowColumn.EmailAddress));
        Assert.Contains("is a list of 0 (System.Collections.Generic.List[System.String]).", empty.Message);
        Assert.Equal(new[] { "a", "b" }, _reader.Texts(Row(("EmailAddress", new[] { "a", "b" })), RowColumn.EmailAddress)); // a [string[]] parameter takes it
    }

    [Fact]
    public void A_property_whose_getter_throws_is_an_error_naming_the_column()
    {
        var row = Row(("X", 1));
        row.Properties.Add(new PSScriptProperty("Email", ScriptBlock.Create("throw 'boom'")));
        using (var ps = PowerShell.Create())
        {
            // A script property needs a runspace to run in.
            ps.Runspace = _runspace;
            Runspace.DefaultRunspace = _runspace;
            var e = Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(row, RowColumn.EmailAddress));
            Assert.Same(RowColumn.EmailAddress, e.Column);
            Assert.Contains("EmailAddress could not be read from the input row's 'Email' property", e.Message);
            Assert.Contains("boom", e.Message);
        }
    }

    [Fact]
    public void Random_rows_read_as_the_binder_binds_them()
    {
        var names = new[] { "EmailAddress", "emailaddress", "Email", "EMAIL", "Mail", "Other", "EmailAddresses" };
        var value = Gen.OneOf<object?>(
            Gen.String.Select(s => (object?)s),
            Gen.Int.Select(i => (object?)i),
            Gen.Bool.Select(b => (object?)b),
            Gen.Bool.Select(_ => (object?)null),
            Gen.Bool.Select(_ => (object?)DBNull.Value),
            Gen.String.Array[0, 3].Select(a => (object?)a),
            Gen.Int.Array[0, 2].Select(a => (object?)a.Cast<object>().ToArray()));
        var row = Gen.Int[0, names.Length - 1].SelectMany(first => value.Array[1, 3].Select(values =>
        {
            // Property names are unique ignoring case on a PSObject: take distinct spellings.
            var chosen = new List<string>();
            for (int i = 0; chosen.Count < values.Length && i < names.Length; i++)
            {
                string n = names[(first + i * 3) % names.Length];
                if (!chosen.Contains(n, StringComparer.OrdinalIgnoreCase))
                {
                    chosen.Add(n);
                }
            }

            return chosen.Select((n, i) => (n, values[i])).ToArray();
        }));
        row.Sample(properties =>
        {
            var r = Row(properties);
            return Agree(Bound("Test-BindText", r), Read(r), r) && AgreeAll(Bound("Test-BindTexts", r), ReadAll(r), r);
        }, iter: 300, threads: 1, print: p => string.Join(", ", p.Select(x => $"{x.Item1}={x.Item2 ?? "null"} ({x.Item2?.GetType().Name})")));
    }

    [Theory]
    [InlineData("User Arn", "UserArn")]
    [InlineData("user_arn", "UserArn")]
    [InlineData("USER-ARN", "UserArn")]
    [InlineData(" User\tArn ", "UserArn")]
    [InlineData("Display Name", "DisplayName")]
    [InlineData("display_name", "DisplayName")]
    [InlineData("Email Address", "EmailAddress")]
    [InlineData("E-mail", "EmailAddress")]
    [InlineData("e_mail", "EmailAddress")]
    [InlineData("SSH Public Key", "SshPublicKey")]
    [InlineData("ssh-key", "SshPublicKey")]
    [InlineData("SSH Public Key Path", "SshPublicKeyPath")]
    [InlineData("ssh_key_path", "SshPublicKeyPath")]
    public void A_header_written_with_spaces_underscores_or_hyphens_is_its_column(string header, string column)
    {
        var target = RowColumn.All.Single(c => c.Name == column);
        var row = Row((header, "value"), ("Team", "t"));
        Assert.Equal("value", _reader.Text(row, target, out bool present));
        Assert.True(present);
        Assert.Equal(new[] { "value" }, _reader.Texts(row, target));
        Assert.Null(_reader.MissingColumn(row, target));
        foreach (var other in RowColumn.All.Where(c => c != target))
        {
            Assert.False(Present(row, other), $"'{header}' is {column} only, not {other.Name}");
        }

        // A hashtable's keys are matched the same way.
        Assert.Equal("value", _reader.Text(new PSObject(new Hashtable { [header] = "value" }), target));
    }

    [Fact]
    public void A_loose_match_is_only_a_spelling_of_the_whole_name_and_comes_after_every_exact_one()
    {
        foreach (var header in new[] { "User", "UserArns", "User Name", "Names", "EmailAddress2", "Mail Address", "SSH", "Arn.", "Display/Name" })
        {
            Assert.True(RowColumn.All.All(c => !Present(Row((header, "x")), c)), $"'{header}' is no column");
        }

        // The exact spelling is read, and a loose one that agrees (or is empty) is no conflict.
        Assert.Equal("exact", _reader.Text(Row(("user arn", ""), ("Arn", "exact")), RowColumn.UserArn));
        Assert.Equal("same", _reader.Text(Row(("User Arn", "same"), ("UserArn", "same")), RowColumn.UserArn));
        Assert.Equal("", _reader.Text(Row(("Arn", ""), ("User_Arn", "loose")), RowColumn.UserArn)); // the exact spelling wins, even empty

        // Among loose spellings, as among exact ones, the name comes before its aliases, whatever the order of the headers.
        Assert.Equal("", _reader.Text(Row(("A-rn", "alias"), ("User Arn", "")), RowColumn.UserArn));
        Assert.Equal("", _reader.Text(Row(("e_mail", "alias"), ("Email Address", "")), RowColumn.EmailAddress));
    }

    [Fact]
    public void Two_spellings_of_a_column_with_different_values_are_an_error_naming_both_headers_and_values()
    {
        var e = Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(Row(("UserArn", "arn:aws:iam::111111111111:user/a"), ("Arn", "arn:aws:iam::111111111111:user/b")), RowColumn.UserArn));
        Assert.Same(RowColumn.UserArn, e.Column);
        Assert.Equal("InvalidUserArn", e.Column.InvalidErrorId);
        Assert.Equal("The row has both UserArn 'arn:aws:iam::111111111111:user/a' and Arn 'arn:aws:iam::111111111111:user/b': both columns mean UserArn, and their values differ. Keep one of the columns, or give both the same value.", e.Message);

        // Any pair of spellings, exact or loose, for any column; the headers as the row has them.
        var loose = Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(Row(("Display Name", "Mary"), ("name", "Maria")), RowColumn.DisplayName));
        Assert.Same(RowColumn.DisplayName, loose.Column);
        Assert.Contains("both name 'Maria' and Display Name 'Mary'", loose.Message);
        var mail = Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(Row(("EmailAddress", ""), ("Email", "a@example.com"), ("E-Mail", "b@example.com")), RowColumn.EmailAddress));
        Assert.Contains("both Email 'a@example.com' and E-Mail 'b@example.com'", mail.Message);
        var list = Assert.Throws<RowColumnUnreadableException>(() => _reader.Texts(Row(("UserArn", new[] { "a", "b" }), ("Arn", "a")), RowColumn.UserArn));
        Assert.Contains("both UserArn 'a, b' and Arn 'a'", list.Message);
        var nulls = Assert.Throws<RowColumnUnreadableException>(() => _reader.Texts(Row(("UserArn", new[] { "a", null }), ("Arn", new[] { "a", "" })), RowColumn.UserArn));
        Assert.Contains("both UserArn 'a, $null' and Arn 'a, '", nulls.Message); // a null element is not an empty one

        // Equal values, one empty (null, "", DBNull, no element), or the same text as a number: fine.
        Assert.Equal("x", _reader.Text(Row(("UserArn", "x"), ("Arn", "x")), RowColumn.UserArn));
        Assert.Equal("5", _reader.Text(Row(("Mail", 5), ("Email", "5")), RowColumn.EmailAddress));
        Assert.Equal("x", _reader.Text(Row(("UserArn", "x"), ("Arn", DBNull.Value), ("User Arn", Array.Empty<string>())), RowColumn.UserArn));
        Assert.Equal(new[] { "a", "b" }, _reader.Texts(Row(("UserArn", new[] { "a", "b" }), ("Arn", new object[] { "a", "b" })), RowColumn.UserArn));
        Assert.Null(_reader.Text(Row(("UserArn", null), ("Arn", "")), RowColumn.UserArn));
    }

    [Fact]
    public void A_row_without_the_column_lists_the_columns_it_has()
    {
        var row = Row(("Name", "n"), ("Mail", "m"), ("Team", "t"));
        Assert.Equal("The row has no UserArn column (nor Arn); its columns are: Name, Mail, Team.", _reader.MissingColumn(row, RowColumn.UserArn));
        Assert.Equal("The row has no EmailAddress column (nor Email, Mail); its columns are: UserArn.", _reader.MissingColumn(Row(("UserArn", "a")), RowColumn.EmailAddress));
        Assert.Null(_reader.MissingColumn(row, RowColumn.DisplayName)); // Name is there
        Assert.Null(_reader.MissingColumn(Row(("UserArn", "")), RowColumn.UserArn)); // there, but empty: the value's own error
        Assert.Null(_reader.MissingColumn(new PSObject("arn:aws:iam::111111111111:user/a"), RowColumn.UserArn)); // a string has no columns
        Assert.Null(_reader.MissingColumn(new PSObject(), RowColumn.UserArn));
        Assert.Null(_reader.MissingColumn(null, RowColumn.UserArn));

        var wide = Row(Enumerable.Range(1, 12).Select(i => ($"C{i}", (object?)i)).ToArray());
        Assert.Equal("The row has no UserArn column (nor Arn); its columns are: C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, ....", _reader.MissingColumn(wide, RowColumn.UserArn));
        var ten = Row(Enumerable.Range(1, 10).Select(i => ($"C{i}", (object?)i)).ToArray());
        Assert.Equal("The row has no UserArn column (nor Arn); its columns are: C1, C2, C3, C4, C5, C6, C7, C8, C9, C10.", _reader.MissingColumn(ten, RowColumn.UserArn));
        var ordered = new System.Collections.Specialized.OrderedDictionary { ["Arn"] = "a", ["Mail"] = "m" }; // [ordered]@{ ... }
        Assert.Equal("The row has no DisplayName column (nor Name); its columns are: Arn, Mail.", _reader.MissingColumn(new PSObject(ordered), RowColumn.DisplayName));
        Assert.Equal("The row has no UserArn column (nor Arn); its columns are: Us\u241Ber.", _reader.MissingColumn(Row(("Us\u001Ber", "x")), RowColumn.UserArn));
    }

    [Fact]
    public void The_pinned_PowerShell_lets_rows_of_one_CSV_be_checked_among_their_own_members()
    {
        // PSObject.InstanceMembers and InternalTypeNames are internal: a PowerShell that renames them falls back to
        // the lookups through the type table and the adapter (correct, 3-4 us a row slower). This says so when it happens.
        Assert.True(InputRow.ChecksOwnMembers);
    }

    [Fact]
    public void A_later_row_of_one_type_with_a_spelling_the_first_lacked_is_read_by_its_own_shape()
    {
        // As a script that builds rows and Add-Members a key to some of them: the later rows' keys are read.
        Assert.Null(_reader.Text(Row(("UserArn", "a0"), ("DisplayName", "n0")), RowColumn.SshPublicKey));
        _reader.Clear();
        Assert.Equal("key1", _reader.Text(Row(("UserArn", "a1"), ("DisplayName", "n1"), ("SshPublicKey", "key1")), RowColumn.SshPublicKey));
        _reader.Clear();
        Assert.Equal("key2", _reader.Text(Row(("UserArn", "a2"), ("DisplayName", "n2"), ("sshkey", "key2")), RowColumn.SshPublicKey));
        _reader.Clear();
        // A row that adds a second spelling of a column with another value is refused, as on the first row.
        Assert.Contains("their values differ", Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(Row(("UserArn", "a3"), ("DisplayName", "n3"), ("Arn", "other")), RowColumn.UserArn)).Message);
        _reader.Clear();
        // A row that lacks a column the shape reads, or spells it in other letters, is read by its own names.
        Assert.Null(_reader.Text(Row(("UserArn", "a4")), RowColumn.DisplayName));
        _reader.Clear();
        Assert.Equal("a5", _reader.Text(Row(("USERARN", "a5")), RowColumn.UserArn));
        _reader.Clear();
        Assert.Equal("The row has no UserArn column (nor Arn); its columns are: Name.", _reader.MissingColumn(Row(("Name", "n6")), RowColumn.UserArn));
        _reader.Clear();
        // A missing column's message lists the columns of the row itself, not of the row whose shape it shares.
        Assert.Equal("a7", _reader.Text(Row(("UserArn", "a7"), ("Name", "n7"), ("Team", "t")), RowColumn.UserArn));
        _reader.Clear();
        var other = Row(("UserArn", "a8"), ("Name", "n8"), ("Dept", "d"));
        Assert.Equal("a8", _reader.Text(other, RowColumn.UserArn));
        Assert.Equal("The row has no EmailAddress column (nor Email, Mail); its columns are: UserArn, Name, Dept.", _reader.MissingColumn(other, RowColumn.EmailAddress));
        _reader.Clear();
        // A row of another type with the same names: a hashtable, then a typed object again.
        Assert.Equal("h", _reader.Text(new PSObject(new System.Collections.Hashtable { ["UserArn"] = "h" }), RowColumn.UserArn));
        _reader.Clear();
        Assert.Equal("p", _reader.Text(new PSObject(new module::CodeStarProfiles.CodeStarUserProfile("p", "Name P")), RowColumn.UserArn));
        _reader.Clear();
        Assert.Equal("Name Q", _reader.Text(new PSObject(new module::CodeStarProfiles.CodeStarUserProfile("q", "Name Q")), RowColumn.DisplayName));
    }

    [Fact]
    public void Rows_of_one_shape_each_give_their_own_values_and_a_changed_row_is_read_afresh()
    {
        var rows = Enumerable.Range(0, 5).Select(i => Row(("User Arn", $"a{i}"), ("Name", $"n{i}"))).ToList();
        Assert.Equal(new[] { "a0", "a1", "a2", "a3", "a4" }, rows.Select(r => _reader.Text(r, RowColumn.UserArn)));
        Assert.Equal(new[] { "n0", "n1", "n2", "n3", "n4" }, rows.Select(r => _reader.Text(r, RowColumn.DisplayName)));

        // Another shape between rows of the first: each is read by its own names.
        Assert.Equal("other", _reader.Text(Row(("Name", "n"), ("UserArn", "other")), RowColumn.UserArn));
        Assert.Equal("a3", _reader.Text(rows[3], RowColumn.UserArn));

        // The same object again, changed: a value change is seen at once; a property added, once the row is new (Clear, as each pipeline row does).
        var row = Row(("UserArn", "before"));
        Assert.Equal("before", _reader.Text(row, RowColumn.UserArn));
        row.Properties["UserArn"].Value = "after";
        Assert.Equal("after", _reader.Text(row, RowColumn.UserArn));
        row.Properties.Add(new PSNoteProperty("Arn", "added"));
        Assert.Equal("after", _reader.Text(row, RowColumn.UserArn)); // the row's properties were enumerated once, as it came
        _reader.Clear();
        Assert.Contains("their values differ", Assert.Throws<RowColumnUnreadableException>(() => _reader.Text(row, RowColumn.UserArn)).Message);

        // No row after a row: nothing of the last one is left.
        _reader.Clear();
        Assert.False(Present(null!, RowColumn.UserArn));
        Assert.Null(_reader.MissingColumn(null, RowColumn.UserArn));
    }
}

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

    private static bool Present(PSObject row, RowColumn column)
    {
        InputRow.Text(row, column, out bool present);
        return present;
    }

    /// <summary>What InputRow reads for a [string] parameter; a list, which the binder leaves unbound, InputRow refuses with an error saying so.</summary>
    private static string Read(PSObject row)
    {
        try
        {
            return InputRow.Text(row, RowColumn.EmailAddress) ?? Unbound;
        }
        catch (RowColumnUnreadableException e) when (e.Message.Contains("is a list of"))
        {
            return RefusedList;
        }
    }

    /// <summary>The binder's [string] answer and InputRow's agree: the same text, or unbound where InputRow refuses a list.</summary>
    private static bool Agree(string bound, string read) => bound == read || (bound == Unbound && read == RefusedList);

    private static string ReadAll(PSObject row)
    {
        var all = InputRow.Texts(row, RowColumn.EmailAddress);
        return all == null ? Unbound : string.Join("\u241F", all.Select(e => e ?? "<null>")) + $"#{all.Length}";
    }

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
        Assert.True(Agree(Bound("Test-BindText", row), Read(row)), $"{kind}: binder '{Bound("Test-BindText", row)}', InputRow '{Read(row)}'");
        Assert.Equal(list, Read(row) == RefusedList);
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_reads_as_the_binder_binds_it_to_a_string_array(string kind, object? value)
    {
        var row = Row(("EmailAddress", value));
        Assert.True(Bound("Test-BindTexts", row) == ReadAll(row), $"{kind}: binder '{Bound("Test-BindTexts", row)}', InputRow '{ReadAll(row)}'");
    }

    [Fact]
    public void The_name_wins_over_an_alias_even_when_its_value_is_null_and_aliases_go_in_order()
    {
        foreach (var row in new[]
        {
            Row(("Mail", "m"), ("EmailAddress", null)),
            Row(("Mail", "m"), ("Email", "e")),
            Row(("mail", "m")),
            Row(("EMAILADDRESS", "upper"), ("Email", "e")),
            Row(("Other", "o")),
        })
        {
            Assert.Equal(Bound("Test-BindText", row), Read(row));
        }

        Assert.Equal("e", InputRow.Text(Row(("Mail", "m"), ("Email", "e")), RowColumn.EmailAddress));
        Assert.Null(InputRow.Text(Row(("Mail", "m"), ("EmailAddress", null)), RowColumn.EmailAddress));
    }

    [Fact]
    public void Strings_and_objects_without_the_column_have_none()
    {
        Assert.False(Present(new PSObject("arn:aws:iam::111111111111:user/a"), RowColumn.UserArn));
        Assert.Null(InputRow.Text(new PSObject("arn:aws:iam::111111111111:user/a"), RowColumn.UserArn));
        Assert.Null(InputRow.Text(null, RowColumn.UserArn));
        Assert.False(Present(Row(("UserArns", "x")), RowColumn.UserArn));
        Assert.True(Present(Row(("arn", null)), RowColumn.UserArn));
        Assert.Equal("x", InputRow.Text(PSObject.AsPSObject(new { UserArn = "x" }), RowColumn.UserArn));
    }

    [Fact]
    public void A_hashtable_row_reads_its_keys_as_columns_in_any_case_and_by_alias()
    {
        var hashtable = new PSObject(new Hashtable(StringComparer.OrdinalIgnoreCase) { ["userarn"] = "h", ["Mail"] = 5 });
        Assert.Equal("h", InputRow.Text(hashtable, RowColumn.UserArn));
        Assert.Equal("5", InputRow.Text(hashtable, RowColumn.EmailAddress));
        Assert.False(Present(hashtable, RowColumn.DisplayName));

        // A dictionary whose own comparer minds case is still matched ignoring it, and the name wins over an alias.
        var dictionary = new PSObject(new Dictionary<string, object?> { ["ARN"] = "alias", ["USERARN"] = "name", ["SshKey"] = null });
        Assert.Equal("name", InputRow.Text(dictionary, RowColumn.UserArn));
        Assert.True(Present(dictionary, RowColumn.SshPublicKey));
        Assert.Null(InputRow.Text(dictionary, RowColumn.SshPublicKey));
        Assert.Equal(new[] { "a", "b" }, InputRow.Texts(new PSObject(new Hashtable { ["Arn"] = new[] { "a", "b" } }), RowColumn.UserArn));
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

        Assert.Equal("", InputRow.Text(PSObject.AsPSObject(table.Rows[0]), RowColumn.EmailAddress));
    }

    [Fact]
    public void A_list_where_one_value_is_needed_is_an_error_naming_the_column_the_count_and_the_values()
    {
        var e = Assert.Throws<RowColumnUnreadableException>(() => InputRow.Text(Row(("Email", new object?[] { "a@example.com", null, "b@example.com", "c@example.com" })), RowColumn.EmailAddress));
        Assert.Same(RowColumn.EmailAddress, e.Column);
        Assert.Equal("EmailAddress takes one value, but the input row's EmailAddress is a list of 4 (System.Object[]: 'a@example.com', $null, 'b@example.com', ...). Give one value per row.", e.Message);
        var empty = Assert.Throws<RowColumnUnreadableException>(() => InputRow.Text(Row(("EmailAddress", new List<string>())), RowColumn.EmailAddress));
        Assert.Contains("is a list of 0 (System.Collections.Generic.List[System.String]).", empty.Message);
        Assert.Equal(new[] { "a", "b" }, InputRow.Texts(Row(("EmailAddress", new[] { "a", "b" })), RowColumn.EmailAddress)); // a [string[]] parameter takes it
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
            var e = Assert.Throws<RowColumnUnreadableException>(() => InputRow.Text(row, RowColumn.EmailAddress));
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
            return Agree(Bound("Test-BindText", r), Read(r)) && Bound("Test-BindTexts", r) == ReadAll(r);
        }, iter: 300, threads: 1, print: p => string.Join(", ", p.Select(x => $"{x.Item1}={x.Item2 ?? "null"} ({x.Item2?.GetType().Name})")));
    }
}

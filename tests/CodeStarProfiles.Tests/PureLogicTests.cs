extern alias module;
using CodeStarProfiles.Engine;
using CodeStarProfiles.LocalEndpoint;
using CodeStarProfiles.Shared;
using module::CodeStarProfiles.Validation;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>Validation, ARN parsing, initials, SSH keys and timestamps: plain classes, no runspace.</summary>
public sealed class PureLogicTests
{
    // Keys made with ssh-keygen; fingerprints as 'ssh-keygen -lf' printed them.
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9mmVD mary@laptop";
    private const string Ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNSZ2bu1+rgMUzWeVcrBtKtMqcKXv+aXT4qkzG5jf2Tb8ts/A+6Zqmbl9Kgw8d+ln1Qg05bWkgDYEJXJ58YsDNw= akua@ws";
    private const string Rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDWCg9IT7m3Vf9ktXK1ffLxKQZXGRs2o/mOZk6kpZmR4UYhVcnFXH+tJ7RPik0ewP048dQzuES28CGBFFYhL7T4FUXu0Px1/BWeABA5bBTsvhzxvuFWOVIJlRlkNTZGnBe2s4TUVVVQTDJ2sNJqjbINjJdOwG9RMgtGetDDbpLt2F+k4PraeYzv3wjFjo/kvttlO4k6yC0H5MPVr27mHQzoKrCagOcbpihfzUVpQziHzBfUKI5DfV8UpM7ZgjUGz9levPNHiiTwg9Y/cktwiXH108JlFAacIlk1n4vl81ykket94vQnnYdfCHztQZnsumlRIRRBCwol1iXf6bxO1Ggt diego@ws";

    [Theory]
    [InlineData(Ed25519, "ssh-ed25519", "SHA256:V2VKcnl/xUoBc+i7fofGvMyMZyOprT2VNUPx5Mm4TSY", "mary@laptop")]
    [InlineData(Ecdsa, "ecdsa-sha2-nistp256", "SHA256:D4mor96mUX7dCy03XqqWjw00Dat0rEL9QgdXeLfNh3w", "akua@ws")]
    [InlineData(Rsa, "ssh-rsa", "SHA256:whJMq2Oa8LtrDIBEKyfJmIHHIvyjLGwrp+cPBZbNWXQ", "diego@ws")]
    public void Ssh_fingerprints_match_ssh_keygen(string key, string type, string fingerprint, string comment)
    {
        var k = SshPublicKey.TryParse(key, out var problem);
        Assert.Null(problem);
        Assert.Equal((type, fingerprint, comment), (k!.KeyType, k.Fingerprint, k.Comment));
        Assert.Equal(fingerprint, SshPublicKey.TryParse("  " + key.Split(' ')[0] + "\t" + key.Split(' ')[1] + "\n", out _)!.Fingerprint);
    }

    [Theory]
    [InlineData("ssh-ed25519", "key type and base64 key data")]
    [InlineData("ssh-foo AAAA", "is not an OpenSSH public key type")]
    [InlineData("ssh-ed25519 !!!notbase64", "not valid base64")]
    [InlineData("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQDWCg9IT7m3Vf9ktXK1ffLxKQZXGRs2o/mOZk6kpZmR4UYhVcnFXH+tJ7RPik0ewP048dQzuES28CGBFFYhL7T4FUXu0Px1/BWeABA5bBTsvhzxvuFWOVIJlRlkNTZGnBe2s4TUVVVQTDJ2sNJqjbINjJdOwG9RMgtGetDDbpLt2F+k4PraeYzv3wjFjo/kvttlO4k6yC0H5MPVr27mHQzoKrCagOcbpihfzUVpQziHzBfUKI5DfV8UpM7ZgjUGz9levPNHiiTwg9Y/cktwiXH108JlFAacIlk1n4vl81ykket94vQnnYdfCHztQZnsumlRIRRBCwol1iXf6bxO1Ggt", "does not hold a ssh-ed25519 key")]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9", "not a well-formed ssh-ed25519 key")]
    public void Malformed_ssh_keys_say_what_is_wrong(string key, string expected)
    {
        Assert.Null(SshPublicKey.TryParse(key, out var problem));
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/Mary_Major", "111111111111", "/", "Mary_Major")]
    [InlineData("arn:aws:iam::111111111111:user/division/team/Mary.Major@corp", "111111111111", "/division/team/", "Mary.Major@corp")]
    public void Arns_parse_into_account_path_and_user_name(string arn, string account, string path, string name)
    {
        var a = UserArn.TryParse(arn)!;
        Assert.Equal((account, path, name), (a.AccountId, a.Path, a.UserName));
    }

    /// <summary>
    /// A profile's derived properties are worked out on first read (a bulk run that discards its results never
    /// parses them): what is read, from any number of threads at once, is what the ARN, name and key give.
    /// </summary>
    [Fact]
    public void A_profiles_derived_properties_are_those_of_its_arn_name_and_key_read_once_or_from_many_threads()
    {
        const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9mmVD mary@example.com";
        string expected = SshPublicKey.TryParse(Key)!.Fingerprint;
        var good = new module::CodeStarProfiles.CodeStarUserProfile("arn:aws:iam::111111111111:user/division/Mary_Major", "Mary Major", "m@example.com", Key);
        var reads = new (string?, string?, string?, string?)[64];
        Parallel.For(0, reads.Length, i => reads[i] = (good.AccountId, good.UserName, good.Initials, good.SshKeyFingerprint));
        Assert.All(reads, r => Assert.Equal(("111111111111", "Mary_Major", "MM", expected), r));
        var bad = new module::CodeStarProfiles.CodeStarUserProfile("not-an-arn", null, null, "   ");
        Assert.Equal((null, null, null, null), (bad.AccountId, bad.UserName, bad.Initials, bad.SshKeyFingerprint));
        Assert.Equal("arn:aws:iam::111111111111:user/division/Mary_Major", good.ToString());
    }

    [Theory]
    [InlineData("arn:aws:iam::11111111111:user/Mary_Major")]
    [InlineData("arn:aws:iam::111111111111:role/Mary_Major")]
    [InlineData("arn:aws:iam::111111111111:user/")]
    [InlineData("arn:aws-cn:iam::111111111111:user/Mary_Major")]
    [InlineData("ARN:AWS:IAM::111111111111:USER/MARY_MAJOR")]
    [InlineData("arn:aws:iam::111111111111:user/Mary Major")]
    public void Non_user_arns_do_not_parse(string arn) => Assert.Null(UserArn.TryParse(arn));

    [Theory]
    [InlineData("Mary Major", "MM")]
    [InlineData("Mary Jane Major", "MJ")]
    [InlineData("Mary", "M")]
    [InlineData("mary  major", "MM")]
    [InlineData("Ürsula Ölund", "ÜÖ")]
    [InlineData(null, null)]
    public void Initials_follow_the_CodeStar_icon_rule(string? name, string? initials) => Assert.Equal(initials, Initials.From(name));

    [Theory]
    [InlineData(64, "\U0001F600", false)] // 64 emoji: 128 UTF-16 units, 64 code points
    [InlineData(65, "\U0001F600", true)]
    [InlineData(64, "é", false)]
    [InlineData(65, "é", true)]
    public void Lengths_count_code_points_as_the_models_length_trait_does(int count, string character, bool tooLong)
    {
        var expected = tooLong ? ConstraintKind.MaxLength : ConstraintKind.None;
        string name = string.Concat(Enumerable.Repeat(character, count));
        Assert.Equal(count, StringConstraint.LengthOf(name));
        Assert.Equal(expected, ProfileConstraints.DisplayName.Check(name));
        Assert.Equal(3, StringConstraint.LengthOf("a\uD83Db")); // a lone surrogate is one
    }

    [Fact]
    public void Patterns_keep_Java_semantics()
    {
        // Java's \w is ASCII; '.' excludes line terminators; matching is whole-value.
        Assert.Equal(ConstraintKind.Pattern, ProfileConstraints.EmailAddress.Check("märy@example.com"));
        Assert.Equal(ConstraintKind.None, ProfileConstraints.EmailAddress.Check("first.last+tag@sub-domain.example.com"));
        Assert.Equal(ConstraintKind.Pattern, ProfileConstraints.DisplayName.Check("Mary\n"));
        Assert.Equal(ConstraintKind.Pattern, ProfileConstraints.DisplayName.Check("Mary\u2028Major"));
        Assert.Equal(ConstraintKind.None, ProfileConstraints.DisplayName.Check("\u00A0Mary")); // Java's \s has no NBSP
        Assert.Equal(ConstraintKind.None, ProfileConstraints.DisplayName.Check("M"));
        Assert.Equal(ConstraintKind.MinLength, ProfileConstraints.UserArn.Check("arn:aws:iam::1:user/x"));
        Assert.Equal(ConstraintKind.None, ProfileConstraints.SshPublicKey.Check("ÿ\t\r\n"));
        Assert.Equal(ConstraintKind.Pattern, ProfileConstraints.SshPublicKey.Check("\u0100"));
        Assert.Equal(ConstraintKind.Pattern, ProfileConstraints.NextToken.Check("abc def"));
    }

    [Fact]
    public void Validation_messages_name_the_field_the_rule_and_the_value()
    {
        var p = ProfileValidator.CheckEmailAddress("mary.example.com", required: true)!;
        Assert.Equal(("EmailAddress", "InvalidEmailAddress"), (p.Field, p.ErrorId));
        Assert.Contains("EmailAddress 'mary.example.com' is not valid", p.Message);
        Assert.Contains("one '@' between a name and a domain", p.Message);
        Assert.DoesNotContain("[\\w", p.Message); // plain words, not a regex

        var shortArn = ProfileValidator.CheckUserArn("arn:aws:iam::1:user/x")!;
        Assert.Contains("21 characters long, shorter than the minimum of 32", shortArn.Message);
        Assert.Contains("65 characters long, longer than the maximum of 64", ProfileValidator.CheckDisplayName(new string('x', 65), required: true)!.Message);
        var longName = ProfileValidator.CheckDisplayName(new string('x', 100), required: true)!;
        Assert.Contains("100 characters long, longer than the maximum of 64", longName.Message);
        Assert.Contains("...", longName.Message);

        Assert.Equal("MissingDisplayName", ProfileValidator.CheckDisplayName("", required: true)!.ErrorId);
        Assert.Null(ProfileValidator.CheckDisplayName("", required: false));
        Assert.Null(ProfileValidator.CheckSshPublicKey("   "));
        Assert.Equal("InvalidSshPublicKey", ProfileValidator.CheckSshPublicKey("ssh-ed25519 AAAA")!.ErrorId);
        Assert.Contains("Line\u240ABreak", ProfileValidator.CheckDisplayName("Line\nBreak", required: true)!.Message); // a line break shown as its control picture
    }

    [Fact]
    public void The_endpoint_writes_timestamps_as_epoch_seconds_with_a_fraction()
    {
        var body = System.Text.Encoding.UTF8.GetString(CodeStarApi.WriteProfile(new StoredProfile("a", "b", "c", "", 1491439687681, 1491439687999), withTimestamps: true));
        Assert.Contains("\"createdTimestamp\":1491439687.681", body);
        Assert.Contains("\"lastModifiedTimestamp\":1491439687.999", body);
    }
}


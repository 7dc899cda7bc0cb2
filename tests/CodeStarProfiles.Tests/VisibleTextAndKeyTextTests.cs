extern alias module;

using CsCheck;
using module::CodeStarProfiles.Validation;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>How stored text is shown (control characters visible) and what a key's text may hold (one public key).</summary>
public sealed class VisibleTextAndKeyTextTests
{
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJFTemiroZ98I56c7NWMGI8B6ZAh90G38vcD5iO9mmVD mary@laptop";

    [Theory]
    [InlineData("plain Mary Major", "plain Mary Major")]
    [InlineData("a\u001b[31mb", "a\u241b[31mb")]
    [InlineData("tab\there", "tab\u2409here")]
    [InlineData("nul\0", "nul\u2400")]
    [InlineData("del\u007f", "del\u2421")]
    [InlineData("c1\u0085x", "c1`u{0085}x")]
    [InlineData("Zoë 😀", "Zoë 😀")]
    public void Control_characters_are_shown_visibly_and_nothing_else_changes(string stored, string shown) =>
        Assert.Equal(shown, VisibleText.Of(stored));

    [Fact]
    public void No_control_character_survives_and_text_without_one_is_the_same_instance()
    {
        for (int c = 0; c < 0x100; c++)
        {
            string shown = VisibleText.Of("x" + (char)c + "y")!;
            Assert.DoesNotContain(shown, ch => char.IsControl(ch));
        }

        const string clean = "Mary Major";
        Assert.Same(clean, VisibleText.Of(clean));
        Assert.Null(VisibleText.Of(null));
    }

    [Fact]
    public void Messages_show_an_escape_sequence_as_text_not_as_a_colour()
    {
        var p = ProfileValidator.CheckDisplayName("Trailing\u001b[31m ", required: true)!;
        Assert.DoesNotContain("\u001b", p.Message, StringComparison.Ordinal);
        Assert.Contains("Trailing\u241b[31m", p.Message);
    }

    [Theory]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI\n-----END PRIVATE KEY-----")]
    [InlineData("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\nAAAAIFv")]
    public void A_private_key_is_refused_and_never_quoted(string text)
    {
        string? problem = SshPublicKey.CheckKeyText(text);
        Assert.NotNull(problem);
        Assert.StartsWith("is a private key; use the public key (the .pub file", problem);
        var validation = ProfileValidator.CheckSshPublicKey(text)!;
        Assert.Equal("InvalidSshPublicKey", validation.ErrorId);
        foreach (var line in text.Split('\n'))
        {
            Assert.DoesNotContain(line, validation.Message);
        }
    }

    [Fact]
    public void Two_keys_are_refused_one_key_with_comments_and_blank_lines_is_fine()
    {
        Assert.Equal("holds 2 key lines; a CodeStar profile stores one SSH public key: give a single key line (a .pub file holds one)",
            SshPublicKey.CheckKeyText(Ed25519 + "\n" + Ed25519.Replace("mary", "other")));
        Assert.Equal("InvalidSshPublicKey", ProfileValidator.CheckSshPublicKey(Ed25519 + "\r\n" + Ed25519)!.ErrorId);
        Assert.Null(SshPublicKey.CheckKeyText("# my laptop\n\n" + Ed25519 + "\n"));
        Assert.Null(SshPublicKey.CheckKeyText(Ed25519));
        Assert.Null(ProfileValidator.CheckSshPublicKey(Ed25519));
    }

    [Fact]
    public void Property_visible_text_has_no_control_character_keeps_every_other_character_and_is_stable()
    {
        // Strings mixing printable text, C0/C1 controls, DEL, surrogate pairs and the control pictures themselves.
        var ch = Gen.OneOf(Gen.Char['\0', '\u00A0'], Gen.Char['\u2400', '\u2426'], Gen.Char['\uD800', '\uDFFF'], Gen.Char);
        Gen.String[ch, 0, 40].Sample(s =>
        {
            string shown = VisibleText.Of(s)!;
            Assert.DoesNotContain(shown, c => char.IsControl(c));
            // Removing what the controls became gives back the text without its controls.
            var kept = new System.Text.StringBuilder();
            foreach (char c in s)
            {
                if (!char.IsControl(c))
                {
                    kept.Append(c);
                }
            }

            int controls = s.Count(char.IsControl);
            Assert.True(shown.Length >= s.Length);
            Assert.Equal(controls == 0, ReferenceEquals(shown, s) || shown == s);
            Assert.Equal(shown, VisibleText.Of(shown)); // showing twice changes nothing more
            Assert.Equal(kept.Length, s.Length - controls);
        });
    }

    [Fact]
    public void Property_key_text_with_more_than_one_key_line_is_always_refused_and_never_quoted()
    {
        var line = Gen.String[Gen.Char['!', '~'], 1, 30];
        Gen.Select(line.Array[2, 6], Gen.Bool).Sample((lines, crlf) =>
        {
            // Each line starts with a marker no message has in it, so a short line ("e") cannot be found in a
            // word of the message ("key") when the message quotes nothing.
            string text = string.Join(crlf ? "\r\n" : "\n", lines.Select(l => "QZX" + l));
            string? problem = SshPublicKey.CheckKeyText(text);
            Assert.NotNull(problem);
            Assert.DoesNotContain("QZX", problem!);
            Assert.Equal("InvalidSshPublicKey", ProfileValidator.CheckSshPublicKey(text)!.ErrorId);
        });
    }
}

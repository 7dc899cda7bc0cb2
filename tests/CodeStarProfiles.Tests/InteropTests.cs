using System.Diagnostics;
using System.Text.Json;
using CodeStarProfiles.LocalEndpoint;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// Real AWS clients against the local endpoint: the AWS CLI 2.9.19 and boto3 from Debian
/// (apt-get install -y awscli python3-boto3; test.sh installs them). They sign, paginate and
/// parse errors their own way, so they check that the endpoint is what they expect of CodeStar.
/// </summary>
public sealed class InteropTests : IClassFixture<EndpointFixture>
{
    private readonly EndpointFixture _f;

    public InteropTests(EndpointFixture f) => _f = f;

    private static readonly string Aws = File.Exists("/usr/bin/aws") ? "/usr/bin/aws" : "aws";

    private (int Exit, string Out, string Err) Cli(params string[] args) => Run(Aws, args.Concat(new[] { "--endpoint-url", _f.Url, "--output", "json" }));

    private (int Exit, string Out, string Err) Run(string file, IEnumerable<string> args, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin != null, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["AWS_ACCESS_KEY_ID"] = EndpointOptions.DefaultAccessKeyId;
        psi.Environment["AWS_SECRET_ACCESS_KEY"] = EndpointOptions.DefaultSecretKey;
        psi.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        psi.Environment["AWS_CONFIG_FILE"] = "/nonexistent";
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent";
        psi.Environment["AWS_PAGER"] = string.Empty;
        psi.Environment["AWS_MAX_ATTEMPTS"] = "1";
        psi.Environment["CODESTAR_URL"] = _f.Url;
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{file}' is not installed: run 'apt-get install -y awscli python3-boto3' (test.sh does this).", e);
        }

        if (stdin != null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }

        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), $"{file} did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void Aws_cli_drives_every_operation_pagination_and_each_error_kind()
    {
        var version = Run(Aws, new[] { "--version" });
        Assert.Contains("aws-cli/2.", version.Out + version.Err);

        string prefix = "arn:aws:iam::210987654321:user/cli/";
        for (int i = 0; i < 5; i++)
        {
            var created = Cli("codestar", "create-user-profile", "--user-arn", $"{prefix}u{i}", "--display-name", $"Cli User {i}", "--email-address", $"u{i}@example.com");
            Assert.True(created.Exit == 0, created.Err);
            Assert.Equal($"{prefix}u{i}", JsonDocument.Parse(created.Out).RootElement.GetProperty("userArn").GetString());
        }

        var described = Cli("codestar", "describe-user-profile", "--user-arn", prefix + "u0");
        Assert.True(described.Exit == 0, described.Err);
        var d = JsonDocument.Parse(described.Out).RootElement;
        Assert.Equal("Cli User 0", d.GetProperty("displayName").GetString());
        Assert.True(DateTime.TryParse(d.GetProperty("createdTimestamp").GetString(), out var createdAt), "the CLI parses epoch-seconds timestamps");
        Assert.InRange(createdAt.ToUniversalTime(), DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(5));

        var updated = Cli("codestar", "update-user-profile", "--user-arn", prefix + "u0", "--email-address", "new0@example.com");
        Assert.True(updated.Exit == 0, updated.Err);
        Assert.Equal("Cli User 0", JsonDocument.Parse(updated.Out).RootElement.GetProperty("displayName").GetString());

        // The CLI follows nextToken itself: 2 a page still returns every profile.
        var all = Cli("codestar", "list-user-profiles", "--page-size", "2");
        Assert.True(all.Exit == 0, all.Err);
        var arns = JsonDocument.Parse(all.Out).RootElement.GetProperty("userProfiles").EnumerateArray().Select(p => p.GetProperty("userArn").GetString()).Where(a => a!.StartsWith(prefix)).ToList();
        Assert.Equal(5, arns.Count);

        // And by hand: --max-items gives a NextToken to resume from.
        var first = JsonDocument.Parse(Cli("codestar", "list-user-profiles", "--max-items", "2", "--page-size", "2").Out).RootElement;
        Assert.Equal(2, first.GetProperty("userProfiles").GetArrayLength());
        var next = Cli("codestar", "list-user-profiles", "--max-items", "2", "--page-size", "2", "--starting-token", first.GetProperty("NextToken").GetString()!);
        Assert.True(next.Exit == 0, next.Err);

        var deleted = Cli("codestar", "delete-user-profile", "--user-arn", prefix + "u4");
        Assert.True(deleted.Exit == 0, deleted.Err);

        AssertCliError(Cli("codestar", "create-user-profile", "--user-arn", prefix + "u0", "--display-name", "Again", "--email-address", "a@example.com"), "UserProfileAlreadyExistsException");
        AssertCliError(Cli("codestar", "describe-user-profile", "--user-arn", prefix + "u4"), "UserProfileNotFoundException");
        AssertCliError(Cli("codestar", "update-user-profile", "--user-arn", prefix + "nobody", "--display-name", "X"), "UserProfileNotFoundException");
        AssertCliError(Cli("codestar", "describe-user-profile", "--user-arn", "arn:aws:iam::210987654321:user/" + new string('x', 70)), "ValidationException");
        AssertCliError(Cli("codestar", "list-user-profiles", "--no-paginate", "--next-token", "Zm9yZ2VkdG9rZW4="), "InvalidNextTokenException");
        var wrongKey = Run(Aws, new[] { "codestar", "list-user-profiles", "--endpoint-url", _f.Url, "--region", "eu-west-1" });
        AssertCliError(wrongKey, "InvalidSignatureException");
    }

    [Fact]
    public void Boto3_drives_every_operation_and_error_kind()
    {
        const string script = """
            import json, os, boto3, botocore
            c = boto3.client("codestar", endpoint_url=os.environ["CODESTAR_URL"], region_name="us-east-1")
            p = "arn:aws:iam::210987654321:user/boto/"
            out = {}
            for i in range(7):
                c.create_user_profile(userArn=f"{p}b{i}", displayName=f"Boto {i}", emailAddress=f"b{i}@example.com", sshPublicKey="")
            d = c.describe_user_profile(userArn=p + "b0")
            out["created_is_datetime"] = hasattr(d["createdTimestamp"], "year")
            u = c.update_user_profile(userArn=p + "b0", displayName="Boto Zero")
            out["update_keeps_email"] = u["emailAddress"] == "b0@example.com"
            out["moved"] = u["lastModifiedTimestamp"] >= d["lastModifiedTimestamp"] and u["createdTimestamp"] == d["createdTimestamp"]
            pages = list(c.get_paginator("list_user_profiles").paginate(PaginationConfig={"PageSize": 3}))
            out["pages"] = len(pages)
            out["listed"] = sorted(x["userArn"] for pg in pages for x in pg["userProfiles"] if x["userArn"].startswith(p))
            c.delete_user_profile(userArn=p + "b6")
            errors = {}
            def err(name, fn):
                try:
                    fn()
                    errors[name] = None
                except botocore.exceptions.ClientError as e:
                    errors[name] = e.response["Error"]["Code"]
            err("exists", lambda: c.create_user_profile(userArn=p + "b0", displayName="X", emailAddress="x@example.com"))
            err("notfound", lambda: c.describe_user_profile(userArn=p + "b6"))
            err("token", lambda: c.list_user_profiles(nextToken="Zm9yZ2VkdG9rZW4="))
            try:
                c.list_user_profiles(maxResults=0)
                errors["param"] = None
            except botocore.exceptions.ParamValidationError:
                errors["param"] = "client-side"
            bad = boto3.client("codestar", endpoint_url=os.environ["CODESTAR_URL"], region_name="us-east-1", aws_secret_access_key="wrong", aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"])
            err("auth", lambda: bad.list_user_profiles())
            out["errors"] = errors
            print(json.dumps(out))
            """;
        var r = Run("/usr/bin/python3", new[] { "-" }, script);
        Assert.True(r.Exit == 0, r.Err);
        var o = JsonDocument.Parse(r.Out.Trim().Split('\n').Last()).RootElement;
        Assert.True(o.GetProperty("created_is_datetime").GetBoolean());
        Assert.True(o.GetProperty("update_keeps_email").GetBoolean());
        Assert.True(o.GetProperty("moved").GetBoolean());
        Assert.True(o.GetProperty("pages").GetInt32() >= 3);
        Assert.Equal(7, o.GetProperty("listed").GetArrayLength());
        var e = o.GetProperty("errors");
        Assert.Equal("UserProfileAlreadyExistsException", e.GetProperty("exists").GetString());
        Assert.Equal("UserProfileNotFoundException", e.GetProperty("notfound").GetString());
        Assert.Equal("InvalidNextTokenException", e.GetProperty("token").GetString());
        Assert.Equal("InvalidSignatureException", e.GetProperty("auth").GetString());
    }

    private static void AssertCliError((int Exit, string Out, string Err) r, string type)
    {
        Assert.NotEqual(0, r.Exit);
        Assert.Contains($"({type})", r.Err);
    }
}

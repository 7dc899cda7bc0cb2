using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CodeStarProfiles.Infrastructure;

namespace CodeStarProfiles.Completion
{
    /// <summary>What the completers share: the word typed without its quotes, quoting of what is offered, and the connection parameters already typed.</summary>
    internal static class CompletionText
    {
        /// <summary>The word as typed, without an opening or closing quote.</summary>
        public static string Unquote(string? word)
        {
            word ??= string.Empty;
            if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
            {
                word = word.Substring(1);
            }

            if (word.Length > 0 && (word[word.Length - 1] == '\'' || word[word.Length - 1] == '"'))
            {
                word = word.Substring(0, word.Length - 1);
            }

            return word;
        }

        /// <summary>Single-quotes a value that PowerShell would otherwise split or expand (spaces, commas, $, @, quotes...).</summary>
        public static string Quote(string value)
        {
            foreach (char c in value)
            {
                if (char.IsWhiteSpace(c) || "'\"`$,;(){}@#|&<>".IndexOf(c) >= 0)
                {
                    return "'" + value.Replace("'", "''") + "'";
                }
            }

            return value;
        }

        public static CompletionResult Result(string value, string toolTip) =>
            new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(toolTip) ? value : toolTip);

        /// <summary>A typed parameter's value as a string (null when it is absent or not a plain value, such as a variable not yet evaluated).</summary>
        public static string? Bound(IDictionary fakeBoundParameters, string name)
        {
            if (fakeBoundParameters == null || !fakeBoundParameters.Contains(name))
            {
                return null;
            }

            object? value = fakeBoundParameters[name];
            if (value is PSObject pso)
            {
                value = pso.BaseObject;
            }

            return value is string s && s.Length > 0 ? s : null;
        }

        /// <summary>-ProfileLocation as typed, resolved against the current PowerShell location.</summary>
        public static string? ProfileLocation(IDictionary fakeBoundParameters)
        {
            string? location = Bound(fakeBoundParameters, "ProfileLocation");
            if (location == null)
            {
                return null;
            }

            try
            {
                // The runspace is busy running the completion, so its SessionStateProxy refuses ("a pipeline is already
                // running"), and the process's directory is not PowerShell's location: ask in a nested pipeline.
                // A command, not a script, so Constrained Language allows it; a file that is not there has no profiles to offer anyway.
                if (Runspace.DefaultRunspace != null)
                {
                    using var ps = PowerShell.Create(RunspaceMode.CurrentRunspace);
                    ps.AddCommand("Microsoft.PowerShell.Management\\Resolve-Path").AddParameter("LiteralPath", location).AddParameter("ErrorAction", ActionPreference.Ignore);
                    var resolved = ps.Invoke();
                    if (resolved.Count == 1 && resolved[0]?.BaseObject is PathInfo found)
                    {
                        return found.ProviderPath;
                    }
                }

                return System.IO.Path.GetFullPath(location);
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                return location;
            }
        }

        /// <summary>The connection parameters typed so far on the command line.</summary>
        public static Engine.ConnectionSettings Connection(IDictionary fakeBoundParameters)
        {
            var options = new Engine.ConnectionSettings
            {
                Region = Bound(fakeBoundParameters, "Region"),
                ProfileName = Bound(fakeBoundParameters, "ProfileName"),
                ProfileLocation = ProfileLocation(fakeBoundParameters),
                AccessKey = Bound(fakeBoundParameters, "AccessKey"),
                SecretKey = Bound(fakeBoundParameters, "SecretKey"),
                SessionToken = Bound(fakeBoundParameters, "SessionToken"),
                EndpointUrl = Bound(fakeBoundParameters, "EndpointUrl"),
            };
            if (fakeBoundParameters != null && fakeBoundParameters.Contains("Credential"))
            {
                object? value = fakeBoundParameters["Credential"];
                if ((value is PSObject p ? p.BaseObject : value) is PSCredential credential)
                {
                    options.AccessKey = credential.UserName;
                    options.SecretKey = credential.GetNetworkCredential().Password;
                }
            }

            return options;
        }
    }
}

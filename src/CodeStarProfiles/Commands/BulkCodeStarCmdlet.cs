using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Validation;

namespace CodeStarProfiles.Commands
{
    /// <summary>Parameter set names, as constants.</summary>
    internal static class ParameterSets
    {
        public const string Key = "SshPublicKey";
        public const string KeyPath = "SshPublicKeyPath";
        public const string Row = "PipelineRow";
        public const string UserArn = "UserArn";
        public const string List = "List";
    }

    /// <summary>
    /// The cmdlets that change profiles (New, Set, Remove): -ThrottleLimit, and a hidden
    /// pipeline parameter that receives the whole input row. Values bind by property name into
    /// optional parameters and are validated inside the cmdlet: a row that PowerShell's binder
    /// rejected would never reach -ErrorVariable, and the row itself is the error's target, so
    /// <c>$failed.TargetObject | Export-Csv</c> gives back exactly the rows to fix.
    /// </summary>
    public abstract class BulkCodeStarCmdlet : CodeStarCmdlet
    {
        /// <summary>The default number of requests in flight.</summary>
        public const int DefaultThrottleLimit = 4;

        /// <summary>Requests in flight at once (1 to 64; default 4). Results are written as they complete.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The pipeline row (any object: a CSV row, a Get-CodeStarUserProfile result). Hidden: its properties bind by name.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSets.Row, DontShow = true)]
        public PSObject? InputObject { get; set; }

        protected override int Concurrency => ThrottleLimit;

        /// <summary>Writes one error for a row's problems (all of them in the message); true when there were any.</summary>
        internal bool ReportProblems(List<ValidationProblem> problems, object target)
        {
            if (problems.Count == 0)
            {
                return false;
            }

            string message = problems.Count == 1
                ? problems[0].Message
                : $"{problems.Count} problems: " + string.Join(" ", problems.ConvertAll(p => p.Message));
            Fail(problems[0].ErrorId, message, target, new CodeStarProfileException(message), "Correct the value as the message says; nothing was sent for this item.");
            return true;
        }

        /// <summary>The key to send: inline, or read from a file; blank means none. Writes the error itself when the file is missing.</summary>
        internal string? ResolveSshPublicKey(string? inline, string? path, object target, out bool failed)
        {
            failed = false;
            bool hasInline = !string.IsNullOrWhiteSpace(inline), hasPath = !string.IsNullOrWhiteSpace(path);
            if (hasInline && hasPath)
            {
                failed = true;
                Fail(ErrorIds.ConflictingSshPublicKey, "Give either SshPublicKey or SshPublicKeyPath, not both.", target);
                return null;
            }

            if (hasPath)
            {
                string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (!File.Exists(full))
                {
                    failed = true;
                    Fail(ErrorIds.SshPublicKeyPathNotFound, $"SshPublicKeyPath '{path}' was not found (resolved to '{full}').", target);
                    return null;
                }

                return File.ReadAllText(full).Trim();
            }

            return hasInline ? inline!.Trim() : null;
        }
    }
}

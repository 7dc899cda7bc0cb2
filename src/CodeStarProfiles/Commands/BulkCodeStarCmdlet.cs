using System.Collections.Generic;
using System.Management.Automation;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// The cmdlets that change profiles (New, Set, Remove): -ThrottleLimit, and -InputObject, which
    /// receives the whole pipeline row in a parameter set of its own. A row binds to -InputObject
    /// (any object: a CSV row, a Get-CodeStarUserProfile result, an ARN string) and its properties
    /// bind by name into optional parameters, validated inside the cmdlet: a row that PowerShell's
    /// binder rejected would never reach -ErrorVariable. The row itself is every error's target and
    /// what -PassThru gives back, so <c>$failed.TargetObject | Export-Csv</c> keeps every column.
    /// Typed use has its own set, where the identity parameters are mandatory (and shown so in the
    /// syntax); -InputObject is an ordinary visible parameter, so it never prompts, tab completion
    /// lists the common parameters, and the help's syntax is what the binder does.
    /// </summary>
    public abstract class BulkCodeStarCmdlet : CodeStarCmdlet
    {
        /// <summary>The default number of requests in flight.</summary>
        internal const int DefaultThrottleLimit = 4;

        /// <summary>Requests in flight at once (1 to 64; default 4). Results are written as they complete.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The pipeline row (any object: a CSV row, a Get-CodeStarUserProfile result, an ARN string); its properties bind by name.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ParameterSets.InputObject)]
        public PSObject? InputObject { get; set; }

        private protected override int Concurrency => ThrottleLimit;

        /// <summary>The parameters given on the command line (bound before the first row), as opposed to from each row.</summary>
        private HashSet<string>? _typed;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _typed = new HashSet<string>(MyInvocation.BoundParameters.Keys, System.StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>Whether <paramref name="name"/> was given on the command line rather than bound from a row's property.</summary>
        private protected bool IsTyped(string name) => _typed != null && _typed.Contains(name);

        /// <summary>The ARNs to act on: those given, or, when a string came down the pipeline (<c>'arn:...' | Remove-...</c>), that string.</summary>
        private protected string?[] ArnsOf(string[]? given)
        {
            if (given != null && given.Length > 0)
            {
                return given;
            }

            return InputObject?.BaseObject is string s ? new string?[] { s } : new string?[] { null };
        }
    }
}

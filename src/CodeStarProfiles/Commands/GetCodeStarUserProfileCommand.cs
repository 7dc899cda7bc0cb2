using System.Management.Automation;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Commands
{
    /// <summary>
    /// Get-CodeStarUserProfile: describes the given profiles, or, without -UserArn, lists all of
    /// them page by page as they arrive, optionally filtered by wildcard. Listings carry no
    /// timestamps (ListUserProfiles returns none); describe a profile to see them.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CodeStarUserProfile", HelpUri = "https://github.com/codestarprofiles/CodeStarProfiles/blob/main/docs/en-US/Get-CodeStarUserProfile.md", DefaultParameterSetName = ParameterSets.List)]
    [OutputType(typeof(CodeStarUserProfile), typeof(CodeStarUserProfileListing))]
    public sealed class GetCodeStarUserProfileCommand : CodeStarCmdlet
    {
        private int _notReached; // ARNs of the -UserArn list after the one being queued
        private int _rowNumber; // pipeline rows taken so far (ProcessRecord calls while input comes down the pipeline)

        /// <summary>One or more user ARNs to describe (from arguments or the pipeline).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ParameterSets.UserArn)]
        [Alias("Arn")]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(Completion.UserArnCompleter))]
        [Validation.RowArnTransformation]
        public string[] UserArn { get; set; } = new string[0];

        /// <summary>Only profiles whose display name matches this wildcard pattern (case-insensitive).</summary>
        [Parameter(ParameterSetName = ParameterSets.List)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? DisplayName { get; set; }

        /// <summary>Only profiles whose email address matches this wildcard pattern (case-insensitive).</summary>
        [Parameter(ParameterSetName = ParameterSets.List)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [Alias("Email")]
        public string? EmailAddress { get; set; }

        /// <summary>Describe requests in flight at once (1 to 64; default 4) when given several ARNs; the output keeps the input order. A listing reads its pages one after another.</summary>
        [Parameter(ParameterSetName = ParameterSets.UserArn)]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = BulkCodeStarCmdlet.DefaultThrottleLimit;

        private protected override int Concurrency => ParameterSetName == ParameterSets.UserArn ? ThrottleLimit : 1;

        /// <summary>Profiles are written in the order their ARNs came, at any -ThrottleLimit.</summary>
        private protected override bool Ordered => true;

        private protected override string SucceededWord => SR.SucceededReturned;

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ParameterSets.List)
            {
                List();
                return;
            }

            if (MyInvocation.ExpectingInput)
            {
                _rowNumber++;
            }

            for (int i = 0; i < UserArn.Length; i++)
            {
                string arn = UserArn[i];
                _notReached = UserArn.Length - i - 1; // if the credentials are refused at this one, these are never sent
                // A row piped or given: read as the other cmdlets read rows, and the target of its errors.
                var read = Validation.RowArnTransformationAttribute.RowOf(arn);
                object target = (object?)read?.Row ?? arn;
                if (read?.ErrorId != null)
                {
                    Tally.Take();
                    RejectRow(read.ErrorId, read.Message!, target, read.Advice);
                    continue;
                }

                if (!TryTakeArn(arn, target, SR.InvalidUserArnAdviceGet))
                {
                    continue;
                }

                Start(target, SR.ActionDescribe, arn, async (session, ct) =>
                {
                    var profile = await session.DescribeAsync(arn, ct).ConfigureAwait(false);
                    return () => Succeed(profile);
                }, key: arn);
            }
        }

        /// <summary>A rejected row that came down the pipeline starts its message with its number ("Row 17: "): what is wrong is its ARN, which the message quotes.</summary>
        private protected override string RowLabel(string message) => MyInvocation.ExpectingInput ? SR.RowLabel(_rowNumber) : string.Empty;

        /// <summary>A list given to -UserArn: its ARNs after the one being queued when the credentials were refused are named by count.</summary>
        private protected override string RefusedStopMessage(string errorCode, bool errorActionStop) => _notReached > 0
            ? base.RefusedStopMessage(errorCode, errorActionStop) + " " + SR.CredentialsRefusedArnsNotReached(_notReached)
            : base.RefusedStopMessage(errorCode, errorActionStop);

        private void List()
        {
            var byName = DisplayName != null ? new WildcardPattern(DisplayName, WildcardOptions.IgnoreCase) : null;
            var byEmail = EmailAddress != null ? new WildcardPattern(EmailAddress, WildcardOptions.IgnoreCase) : null;
            string? token = null;
            do
            {
                string? next = null;
                bool pageArrived = false;
                string? pageToken = token;
                Start(null, SR.ActionList, SR.ActionListItem, async (session, ct) =>
                {
                    var (page, nextToken) = await session.ListPageAsync(pageToken, ct).ConfigureAwait(false);
                    return () =>
                    {
                        pageArrived = true;
                        next = nextToken;
                        foreach (var p in page)
                        {
                            Tally.Take();
                            if ((byName == null || byName.IsMatch(p.DisplayName ?? string.Empty)) && (byEmail == null || byEmail.IsMatch(p.EmailAddress ?? string.Empty)))
                            {
                                Succeed(new CodeStarUserProfileListing(p));
                            }
                            else
                            {
                                Tally.Skip();
                            }
                        }
                    };
                });
                DrainAll();
                if (!pageArrived)
                {
                    return;
                }

                token = next;
            }
            while (token != null);
        }
    }
}

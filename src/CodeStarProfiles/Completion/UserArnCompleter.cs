using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Completion
{
    /// <summary>
    /// -UserArn on Get, Set and Remove: the ARNs of a quick listing (three seconds, one attempt per
    /// request) of the endpoint the command line names, with the connection parameters typed so far.
    /// With a word typed, the listing goes on to its end (within the three seconds), so a profile
    /// beyond the first pages is found; with nothing typed, three pages (300 profiles) are offered.
    /// It offers nothing, silently, when credentials or a region cannot be found or the endpoint does
    /// not answer in time; it never prompts. Matches the start of the ARN or of the user name (Mary
    /// matches .../user/Mary_Major).
    /// </summary>
    internal sealed class UserArnCompleter : IArgumentCompleter
    {
        internal static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

        /// <summary>Pages listed for completion: three (300 profiles) for an empty word, which would offer them all; to the end for a word typed.</summary>
        internal static int PagesFor(string word) => word.Length == 0 ? 3 : int.MaxValue;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionText.Unquote(wordToComplete);
            var results = new List<CompletionResult>();
            List<CodeStarUserProfile> profiles;
            try
            {
                profiles = ServiceSession.QuickList(CompletionText.Connection(fakeBoundParameters), Budget, PagesFor(word));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                return results;
            }

            profiles.Sort((a, b) => string.CompareOrdinal(a.UserArn, b.UserArn));
            foreach (var p in profiles)
            {
                int slash = p.UserArn.LastIndexOf('/');
                string userName = slash >= 0 ? p.UserArn.Substring(slash + 1) : p.UserArn;
                if (p.UserArn.StartsWith(word, StringComparison.OrdinalIgnoreCase) || userName.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                {
                    results.Add(CompletionText.Result(p.UserArn, SR.CompletionUserArn(p.DisplayName, p.EmailAddress)));
                }
            }

            return results;
        }
    }
}

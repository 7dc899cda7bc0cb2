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
    /// -Scope on Compare- and Sync-CodeStarUserProfile: the IAM paths that hold profiles, as the
    /// wildcard patterns a scope is written in (<c>arn:aws:iam::111111111111:user/staff/*</c>), from
    /// the same quick listing as -UserArn's completion (silent and quick when it cannot work). Each
    /// offer says how many of the listed profiles it owns, so a scope too wide shows before it is used.
    /// </summary>
    internal sealed class ScopeCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionText.Unquote(wordToComplete);
            List<CodeStarUserProfile> profiles;
            try
            {
                profiles = ServiceSession.QuickList(CompletionText.Connection(fakeBoundParameters), UserArnCompleter.Budget, UserArnCompleter.PagesFor(word));
            }
            catch (Exception e) when (!(e is PipelineStoppedException))
            {
                return new List<CompletionResult>();
            }

            var owned = PathPatterns(profiles.ConvertAll(p => p.UserArn));
            var results = new List<CompletionResult>();
            foreach (var pattern in owned)
            {
                if (pattern.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                {
                    results.Add(CompletionText.Result(pattern.Key, pattern.Value == 1 ? SR.CompletionScopeOne(pattern.Key, pattern.Value) : SR.CompletionScopeMany(pattern.Key, pattern.Value)));
                }
            }

            return results;
        }

        /// <summary>
        /// Every path pattern above each ARN, with how many ARNs it covers, in order:
        /// <c>arn:aws:iam::1:user/a/b/bob</c> gives <c>arn:aws:iam::1:user/*</c>, <c>.../user/a/*</c> and <c>.../user/a/b/*</c>.
        /// </summary>
        internal static SortedDictionary<string, int> PathPatterns(IEnumerable<string> arns)
        {
            var patterns = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var arn in arns)
            {
                int start = arn.IndexOf(":user/", StringComparison.Ordinal);
                if (start < 0)
                {
                    continue;
                }

                for (int slash = arn.IndexOf('/', start); slash >= 0; slash = arn.IndexOf('/', slash + 1))
                {
                    string pattern = arn.Substring(0, slash + 1) + "*";
                    patterns[pattern] = patterns.TryGetValue(pattern, out int n) ? n + 1 : 1;
                }
            }

            return patterns;
        }
    }
}

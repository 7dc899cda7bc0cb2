using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CodeStarProfiles.Infrastructure;
using CodeStarProfiles.Resources;

namespace CodeStarProfiles.Completion
{
    /// <summary>-ProfileName: the profiles in -ProfileLocation when it is typed, else in the shared credentials and config files (read afresh).</summary>
    internal sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionText.Unquote(wordToComplete);
            string? location = CompletionText.ProfileLocation(fakeBoundParameters);
            var results = new List<CompletionResult>();
            foreach (var name in ServiceSession.ProfileNames(location))
            {
                if (name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                {
                    results.Add(CompletionText.Result(name, location != null ? SR.CompletionProfileIn(name, location) : SR.CompletionProfile(name)));
                }
            }

            return results;
        }
    }
}

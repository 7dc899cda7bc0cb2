using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using CodeStarProfiles.Infrastructure;

namespace CodeStarProfiles.Completion
{
    /// <summary>-Region: the region names AWSSDK.Core knows (us-east-1, ...), with their display names as tool tips.</summary>
    internal sealed class RegionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = CompletionText.Unquote(wordToComplete);
            foreach (var region in ServiceSession.RegionNames())
            {
                if (region.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                {
                    yield return CompletionText.Result(region.Key, region.Value);
                }
            }
        }
    }
}

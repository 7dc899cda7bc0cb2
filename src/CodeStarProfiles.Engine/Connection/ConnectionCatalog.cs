using System;
using System.Collections.Generic;
using System.Linq;
using Amazon;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>What tab completion offers for the connection parameters, in plain types (no AWSSDK type crosses to the cmdlets).</summary>
    public static class ConnectionCatalog
    {
        private static readonly System.Text.RegularExpressions.Regex RegionPattern = new System.Text.RegularExpressions.Regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$");

        /// <summary>The regions AWSSDK.Core knows: system name (us-east-1) and display name (US East (N. Virginia)), sorted by name.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> RegionNames() =>
            RegionEndpoint.EnumerableAllRegions
                .Where(r => RegionPattern.IsMatch(r.SystemName)) // not the SDK's pseudo-regions (aws-global, us-east-1-regional)
                .Select(r => new KeyValuePair<string, string>(r.SystemName, r.DisplayName ?? r.SystemName))
                .GroupBy(r => r.Key, StringComparer.Ordinal)
                .Select(g => g.First())
                .OrderBy(r => r.Key, StringComparer.Ordinal)
                .ToList();

        /// <summary>The profile names in <paramref name="profileLocation"/>, or in the shared credentials and config files (read afresh); empty when they cannot be read.</summary>
        public static IReadOnlyList<string> ProfileNames(string? profileLocation)
        {
            try
            {
                var names = SharedProfiles.Open(profileLocation).ListProfileNames();
                names.Sort(StringComparer.OrdinalIgnoreCase);
                return names;
            }
            catch (CodeStarConfigurationException)
            {
                return Array.Empty<string>();
            }
        }
    }
}

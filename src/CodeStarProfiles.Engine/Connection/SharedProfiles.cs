using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>
    /// The shared credentials and config files, read afresh for every command: AWSSDK.Core reads
    /// AWS_SHARED_CREDENTIALS_FILE once per process, so it is looked up here each time, and the
    /// profile in use (-ProfileName, else AWS_PROFILE, else "default") is named by the caller.
    /// A file the SDK cannot parse becomes an InvalidSetting error that names it.
    /// </summary>
    internal sealed class SharedProfiles
    {
        private readonly CredentialProfileStoreChain _chain;

        private SharedProfiles(string? location, string description)
        {
            _chain = new CredentialProfileStoreChain(location);
            Location = location;
            Description = description;
        }

        /// <summary>The credentials file given (-ProfileLocation or AWS_SHARED_CREDENTIALS_FILE), or null for the default files.</summary>
        public string? Location { get; }

        /// <summary>Where profiles are looked up, for messages.</summary>
        public string Description { get; }

        public ICredentialProfileSource Source => _chain;

        public static SharedProfiles Open(string? profileLocation)
        {
            RefreshDefaultPaths();
            if (!string.IsNullOrEmpty(profileLocation))
            {
                return new SharedProfiles(profileLocation, profileLocation!);
            }

            string? fromEnvironment = NonEmpty(Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"));
            return new SharedProfiles(
                fromEnvironment,
                SR.SourceSharedFiles(fromEnvironment ?? "~/.aws/credentials", NonEmpty(Environment.GetEnvironmentVariable("AWS_CONFIG_FILE")) ?? "~/.aws/config"));
        }

        /// <summary>
        /// AWSSDK.Core takes the default file paths from AWS_SHARED_CREDENTIALS_FILE and
        /// AWS_CONFIG_FILE once, in a static constructor; this module's own copy of it (in its own
        /// load context, so no other module's SDK is touched) is pointed at what they say now.
        /// </summary>
        private static void RefreshDefaultPaths()
        {
            string? home = NonEmpty(Environment.GetEnvironmentVariable("HOME")) ?? NonEmpty(Environment.GetEnvironmentVariable("USERPROFILE"));
            string? credentials = NonEmpty(Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE")) ?? (home != null ? Path.Combine(home, ".aws", "credentials") : null);
            string? config = NonEmpty(Environment.GetEnvironmentVariable("AWS_CONFIG_FILE")) ?? (home != null ? Path.Combine(home, ".aws", "config") : null);
            lock (PathLock)
            {
                SetDefault(nameof(SharedCredentialsFile.DefaultFilePath), credentials);
                SetDefault(nameof(SharedCredentialsFile.DefaultConfigFilePath), config);
            }
        }

        private static void SetDefault(string property, string? path)
        {
            var setter = typeof(SharedCredentialsFile).GetProperty(property, BindingFlags.Public | BindingFlags.Static)?.GetSetMethod(nonPublic: true);
            if (path != null && setter != null && !string.Equals((string?)typeof(SharedCredentialsFile).GetProperty(property)!.GetValue(null), path, StringComparison.Ordinal))
            {
                setter.Invoke(null, new object[] { path });
            }
        }

        private static readonly object PathLock = new object();

        /// <summary>The profile a command uses when -ProfileName is not given: AWS_PROFILE, else "default".</summary>
        public static string DefaultProfileName => NonEmpty(Environment.GetEnvironmentVariable("AWS_PROFILE")) ?? "default";

        public bool TryGetProfile(string name, out CredentialProfile? profile)
        {
            try
            {
                bool found = _chain.TryGetProfile(name, out var p);
                profile = found ? p : null;
                return found;
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                throw Unreadable(e);
            }
        }

        public List<string> ListProfileNames()
        {
            var names = new List<string>();
            try
            {
                foreach (var p in _chain.ListProfiles())
                {
                    if (!names.Contains(p.Name))
                    {
                        names.Add(p.Name);
                    }
                }
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                throw Unreadable(e);
            }

            return names;
        }

        /// <summary>What the SDK throws for a file it cannot read or parse.</summary>
        internal static bool IsFileProblem(Exception e) =>
            e is InvalidDataException || e is IOException || e is UnauthorizedAccessException || e is FormatException || (e is AmazonClientException && !(e is AmazonServiceException));

        internal CodeStarConfigurationException Unreadable(Exception e) => new CodeStarConfigurationException(
            ConfigurationProblem.InvalidSetting,
            SR.ProfilesUnreadable(Description, WithoutLineText(e.Message)),
            SR.ProfilesUnreadableAdvice);

        /// <summary>
        /// The SDK's message for a line it cannot parse quotes the whole line ("Line 7:&lt;aws_secret_access_key:
        /// wJalr...&gt; in file ..."), and a mistyped line of a credentials file is as likely as not to hold a secret
        /// key or a session token, in any profile of the file: the line's text is left out, its number and the
        /// file are enough to find it.
        /// </summary>
        internal static string WithoutLineText(string message)
        {
            var quoted = LineText.Match(message);
            if (quoted.Success)
            {
                return message.Substring(0, quoted.Index) + SR.ProfilesLineNotShown + message.Substring(quoted.Index + quoted.Length);
            }

            // Worded otherwise (another SDK version) but still quoting something of the file: none of it is shown.
            return message.IndexOf(":<", StringComparison.Ordinal) >= 0 ? SR.ProfilesMessageNotShown : message;
        }

        // ":<" + the line + ">" before the SDK's " in file "; the line may itself hold "> in file ", so the last one ends it.
        private static readonly Regex LineText = new Regex(@"(?<=Line \d+):<.*>(?= in file )", RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
    }
}

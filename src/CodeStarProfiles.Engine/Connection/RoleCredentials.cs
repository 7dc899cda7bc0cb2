using System;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>
    /// A role profile's credentials (role_arn with source_profile or credential_source): STS
    /// AssumeRole with the source credentials, refreshed before they expire. Unlike the SDK's
    /// own AssumeRoleAWSCredentials it calls the AWSSDK.SecurityToken of this module's load
    /// context by type (never one another module loaded), in the command's region (-Region
    /// wins, as for CodeStar), at the STS endpoint the command's settings name.
    /// </summary>
    internal sealed class RoleCredentials : RefreshingAWSCredentials
    {
        private readonly AWSCredentials _source;
        private readonly Func<AmazonSecurityTokenServiceConfig> _config;
        private readonly AssumeRoleAWSCredentialsOptions _options;

        public RoleCredentials(AWSCredentials source, string roleArn, string sessionName, AssumeRoleAWSCredentialsOptions options, Func<AmazonSecurityTokenServiceConfig> config)
        {
            _source = source;
            RoleArn = roleArn;
            SessionName = sessionName;
            _options = options;
            _config = config;
            PreemptExpiryTime = TimeSpan.FromMinutes(5);
        }

        public string RoleArn { get; }

        public string SessionName { get; }

        /// <summary>Where AssumeRole goes, for messages.</summary>
        public string Endpoint { get; set; } = "AWS STS";

        protected override CredentialsRefreshState GenerateNewCredentials()
        {
            using var sts = new AmazonSecurityTokenServiceClient(_source, _config());
            var c = ((ICoreAmazonSTS)sts).CredentialsFromAssumeRoleAuthentication(RoleArn, SessionName, _options);
            return new CredentialsRefreshState(c, c.Expiration);
        }

        protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
        {
            using var sts = new AmazonSecurityTokenServiceClient(_source, _config());
            var c = await ((ICoreAmazonSTS)sts).CredentialsFromAssumeRoleAuthenticationAsync(RoleArn, SessionName, _options).ConfigureAwait(false);
            return new CredentialsRefreshState(c, c.Expiration);
        }
    }
}

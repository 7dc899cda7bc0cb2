using CodeStarProfiles.Engine.Client;

namespace CodeStarProfiles.Engine.Connection
{
    /// <summary>What <see cref="ServiceConnector"/> opened for one command: the client, and where each setting came from (for -Verbose; never a key).</summary>
    internal sealed class ServiceConnection
    {
        public ServiceConnection(AmazonCodeStarClient client, Sourced region, string endpoint, string endpointSource, string credentialSource, string retrySettings)
        {
            Client = client;
            Region = region.Value!;
            RegionSource = region.Source;
            Endpoint = endpoint;
            EndpointSource = endpointSource;
            CredentialSource = credentialSource;
            RetrySettings = retrySettings;
        }

        public AmazonCodeStarClient Client { get; }

        public string Region { get; }

        public string RegionSource { get; }

        public string Endpoint { get; }

        public string EndpointSource { get; }

        public string CredentialSource { get; }

        public string RetrySettings { get; }
    }
}

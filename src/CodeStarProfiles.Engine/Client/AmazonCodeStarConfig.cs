using System;
using System.Collections.Generic;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// Client configuration for CodeStar, wired as a generated AWS client's is: service id,
    /// signing name, API version, the SDK's default-configuration modes, and an endpoint
    /// provider. Everything else (retry mode and attempts from AWS_RETRY_MODE / AWS_MAX_ATTEMPTS
    /// or the profile, AWS_ENDPOINT_URL_CODESTAR / AWS_ENDPOINT_URL, timeouts) is the SDK's.
    /// </summary>
    internal sealed class AmazonCodeStarConfig : ClientConfig
    {
        internal const string ServiceIdValue = "CodeStar";
        private static readonly string UserAgentString = InternalSDKUtils.BuildUserAgentString(ServiceIdValue, typeof(AmazonCodeStarConfig).Assembly.GetName().Version!.ToString());

        public AmazonCodeStarConfig()
            : base(new DefaultConfigurationProvider(Defaults()))
        {
            ServiceId = ServiceIdValue;
            AuthenticationServiceName = "codestar";
            EndpointProvider = new AmazonCodeStarEndpointProvider();
        }

        /// <summary>The default of <see cref="MaxThrottleWait"/>.</summary>
        public static readonly TimeSpan DefaultMaxThrottleWait = TimeSpan.FromSeconds(120);

        /// <summary>
        /// How long throttled attempts are retried while the service accepts nothing (answers
        /// nothing but throttling): after that a throttled request fails. While the service accepts
        /// some requests, throttled ones are retried without limit and without counting as retries.
        /// </summary>
        public TimeSpan MaxThrottleWait { get; set; } = DefaultMaxThrottleWait;

        public override string RegionEndpointServiceName => "codestar";

        public override string ServiceVersion => "2017-04-19";

        public override string UserAgent => UserAgentString;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        {
            var context = new ExecutionContext(new RequestContext(false)
            {
                ClientConfig = this,
                OriginalRequest = parameters.Request,
                Request = new DefaultRequest(parameters.Request, ServiceIdValue) { AlternateEndpoint = parameters.AlternateEndpoint },
            }, null);
            return new AmazonCodeStarEndpointResolver().GetEndpoint(context);
        }

        private static IEnumerable<IDefaultConfiguration> Defaults()
        {
            DefaultConfiguration Mode(DefaultConfigurationMode name, RequestRetryMode retry, double connectMs) => new DefaultConfiguration
            {
                Name = name,
                RetryMode = retry,
                S3UsEast1RegionalEndpoint = S3UsEast1RegionalEndpointValue.Regional,
                ConnectTimeout = TimeSpan.FromMilliseconds(connectMs),
                TlsNegotiationTimeout = TimeSpan.FromMilliseconds(connectMs),
                TimeToFirstByteTimeout = null,
                HttpRequestTimeout = null,
            };

            yield return Mode(DefaultConfigurationMode.Standard, RequestRetryMode.Standard, 3100);
            yield return Mode(DefaultConfigurationMode.InRegion, RequestRetryMode.Standard, 1100);
            yield return Mode(DefaultConfigurationMode.CrossRegion, RequestRetryMode.Standard, 3100);
            yield return Mode(DefaultConfigurationMode.Mobile, RequestRetryMode.Standard, 30000);
            yield return Mode(DefaultConfigurationMode.Auto, RequestRetryMode.Standard, 1100);

        }
    }
}

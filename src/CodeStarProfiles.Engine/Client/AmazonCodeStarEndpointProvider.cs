using System;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;
using Amazon.Util;
using System.Collections.Generic;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>The endpoint rule-set inputs for CodeStar (the standard set: region, FIPS, dual-stack, endpoint override).</summary>
    internal sealed class CodeStarEndpointParameters : EndpointParameters
    {
        public CodeStarEndpointParameters()
        {
            UseDualStack = false;
            UseFIPS = false;
        }

        public string? Region
        {
            get => (string?)this["Region"];
            set => this["Region"] = value;
        }

        public bool? UseDualStack
        {
            get => (bool?)this["UseDualStack"];
            set => this["UseDualStack"] = value;
        }

        public bool? UseFIPS
        {
            get => (bool?)this["UseFIPS"];
            set => this["UseFIPS"] = value;
        }

        public string? Endpoint
        {
            get => (string?)this["Endpoint"];
            set => this["Endpoint"] = value;
        }
    }

    /// <summary>
    /// The standard AWS endpoint rules for a regional service: an explicit endpoint wins
    /// (FIPS and dual-stack cannot be combined with it); otherwise
    /// https://codestar[-fips].{region}.{dnsSuffix or dualStackDnsSuffix} of the region's partition.
    /// </summary>
    internal sealed class AmazonCodeStarEndpointProvider : IEndpointProvider
    {
        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            if (parameters == null)
            {
                throw new ArgumentNullException(nameof(parameters));
            }

            bool fips = Equals(parameters["UseFIPS"], true);
            bool dualStack = Equals(parameters["UseDualStack"], true);
            if (parameters["Endpoint"] is string endpoint && endpoint.Length > 0)
            {
                if (fips)
                {
                    throw new AmazonClientException(SR.EndpointRuleFipsCustom);
                }

                if (dualStack)
                {
                    throw new AmazonClientException(SR.EndpointRuleDualStackCustom);
                }

                return new Endpoint(endpoint);
            }

            if (!(parameters["Region"] is string region) || region.Length == 0)
            {
                throw new AmazonClientException(SR.EndpointRuleMissingRegion);
            }

            var partition = Fn.Partition(region) ?? throw new AmazonClientException(SR.EndpointRuleNoPartition(region));
            var values = new Dictionary<string, object> { ["Region"] = region, ["PartitionResult"] = partition };
            string host = (fips ? "codestar-fips" : "codestar") + ".{Region}." + (dualStack ? "{PartitionResult#dualStackDnsSuffix}" : "{PartitionResult#dnsSuffix}");
            return new Endpoint(Fn.Interpolate("https://" + host, values));
        }
    }

    /// <summary>Maps the client configuration onto <see cref="CodeStarEndpointParameters"/>.</summary>
    internal sealed class AmazonCodeStarEndpointResolver : BaseEndpointResolver
    {
        protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
        {
            var config = (AmazonCodeStarConfig)requestContext.ClientConfig;
            var result = new CodeStarEndpointParameters
            {
                Region = requestContext.Request.AlternateEndpoint?.SystemName ?? config.RegionEndpoint?.SystemName,
                UseDualStack = config.UseDualstackEndpoint,
                UseFIPS = config.UseFIPSEndpoint,
                Endpoint = config.ServiceURL,
            };
            if (config.RegionEndpoint == null && !string.IsNullOrEmpty(config.ServiceURL))
            {
                result.Region = !string.IsNullOrEmpty(config.AuthenticationRegion)
                    ? config.AuthenticationRegion
                    : RegionEndpoint.GetBySystemName(AWSSDKUtils.DetermineRegion(config.ServiceURL)).SystemName;
            }

            return result;
        }
    }

    /// <summary>CodeStar signs every operation with SigV4.</summary>
    internal sealed class AmazonCodeStarAuthSchemeHandler : BaseAuthResolverHandler
    {
        protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) => AuthSchemeOption.DEFAULT_SIGV4;
    }
}

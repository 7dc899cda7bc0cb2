using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using CodeStarProfiles.Engine;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>
    /// A CodeStar client for the user-profile operations, built the way generated AWS clients
    /// are: <see cref="AmazonServiceClient"/> supplies SigV4 signing, the credential chain,
    /// retries with backoff, and error unmarshalling; this class supplies marshallers and the
    /// endpoint and auth-scheme handlers.
    /// </summary>
    internal sealed class AmazonCodeStarClient : AmazonServiceClient
    {
        private static readonly IServiceMetadata Metadata = new CodeStarServiceMetadata();

        public AmazonCodeStarClient(AWSCredentials credentials, AmazonCodeStarConfig config)
            : base(credentials, config)
        {
        }

        protected override IServiceMetadata ServiceMetadata => Metadata;

        /// <summary>Paces this client's attempts once the service throttles (see <see cref="SendRatePacer"/>).</summary>
        public SendRatePacer Pacer { get; } = new SendRatePacer();

        public Task<CreateUserProfileResponse> CreateUserProfileAsync(CreateUserProfileRequest request, CancellationToken cancellationToken = default) =>
            Invoke<CreateUserProfileResponse>(request, Marshallers.Create, UserProfileResponseUnmarshaller<CreateUserProfileResponse>.Instance, cancellationToken);

        public Task<DescribeUserProfileResponse> DescribeUserProfileAsync(DescribeUserProfileRequest request, CancellationToken cancellationToken = default) =>
            Invoke<DescribeUserProfileResponse>(request, Marshallers.Describe, UserProfileResponseUnmarshaller<DescribeUserProfileResponse>.Instance, cancellationToken);

        public Task<UpdateUserProfileResponse> UpdateUserProfileAsync(UpdateUserProfileRequest request, CancellationToken cancellationToken = default) =>
            Invoke<UpdateUserProfileResponse>(request, Marshallers.Update, UserProfileResponseUnmarshaller<UpdateUserProfileResponse>.Instance, cancellationToken);

        public Task<DeleteUserProfileResponse> DeleteUserProfileAsync(DeleteUserProfileRequest request, CancellationToken cancellationToken = default) =>
            Invoke<DeleteUserProfileResponse>(request, Marshallers.Delete, DeleteUserProfileResponseUnmarshaller.Instance, cancellationToken);

        public Task<ListUserProfilesResponse> ListUserProfilesAsync(ListUserProfilesRequest request, CancellationToken cancellationToken = default) =>
            Invoke<ListUserProfilesResponse>(request, Marshallers.List, ListUserProfilesResponseUnmarshaller.Instance, cancellationToken);

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new AmazonCodeStarEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new AmazonCodeStarAuthSchemeHandler());
            var rule = new ThrottleRetryRule(Pacer, ((AmazonCodeStarConfig)Config).MaxThrottleWait);
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(Config.RetryMode == RequestRetryMode.Adaptive
                ? new CodeStarAdaptiveRetryPolicy(Config, rule)
                : (RetryPolicy)new CodeStarStandardRetryPolicy(Config, rule)));
            pipeline.AddHandlerAfter<RetryHandler>(new AttemptObserverHandler(Pacer));
        }

        private Task<T> Invoke<T>(AmazonCodeStarRequest request, IMarshaller<IRequest, AmazonWebServiceRequest> marshaller, Amazon.Runtime.Internal.Transform.ResponseUnmarshaller unmarshaller, CancellationToken cancellationToken)
            where T : AmazonWebServiceResponse, new()
        {
            var options = new InvokeOptions { RequestMarshaller = marshaller, ResponseUnmarshaller = unmarshaller };
            return InvokeAsync<T>(request, options, cancellationToken);
        }

        private sealed class CodeStarServiceMetadata : IServiceMetadata
        {
            public string ServiceId => AmazonCodeStarConfig.ServiceIdValue;

            public System.Collections.Generic.IDictionary<string, string> OperationNameMapping { get; } = new System.Collections.Generic.Dictionary<string, string>(0);
        }
    }

    /// <summary>
    /// Sits inside the SDK's retry handler, so it sees every HTTP attempt of a call: it waits
    /// for the pacer's slot, feeds the pacer, and reports each attempt (operation, attempt number, request id, error code) to the request's observer. It reads
    /// nothing of the credentials or the signature.
    /// </summary>
    internal sealed class AttemptObserverHandler : PipelineHandler
    {
        private readonly SendRatePacer _pacer;

        public AttemptObserverHandler(SendRatePacer pacer) => _pacer = pacer;

        public override void InvokeSync(IExecutionContext executionContext) =>
            throw new NotSupportedException("The CodeStar client is asynchronous only.");

        public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            var request = executionContext.RequestContext.OriginalRequest as AmazonCodeStarRequest;
            var observer = request?.AttemptObserver;
            int attempt = executionContext.RequestContext.Retries + 1;
            string operation = executionContext.RequestContext.RequestName?.Replace("Request", string.Empty) ?? "?";
            await _pacer.WaitAsync(executionContext.RequestContext.CancellationToken).ConfigureAwait(false);
            double sentMs = _pacer.NowMs;
            try
            {
                var result = await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
                _pacer.OnAccepted();
                observer?.Invoke(new AttemptInfo(operation, attempt, executionContext.ResponseContext.Response?.ResponseMetadata?.RequestId, null, null, true));
                return result;
            }
            catch (AmazonServiceException e)
            {
                int status = (int)e.StatusCode;
                var kind = ErrorClassifier.KindOf(e);
                if (kind == FailureKind.Throttled)
                {
                    _pacer.OnThrottled(sentMs);
                }
                else if (status != 0)
                {
                    _pacer.OnAccepted();
                }

                // No AWS error code: not a CodeStar answer when it is a 4xx (nothing was done), unknown otherwise.
                bool ambiguous = status == 0 ? !AttemptOutcomes.NeverSent(e) : status >= 500 || (string.IsNullOrEmpty(e.ErrorCode) && kind != FailureKind.NotCodeStar && kind != FailureKind.Throttled && kind != FailureKind.AccessDenied);
                observer?.Invoke(new AttemptInfo(operation, attempt, e.RequestId, string.IsNullOrEmpty(e.ErrorCode) ? "HTTP " + status : e.ErrorCode, ErrorClassifier.MessageOf(e), false, ambiguous, kind));
                throw;
            }
            catch (Exception e) when (!(e is OperationCanceledException) || ErrorClassifier.IsConnectionFailure(e))
            {
                // A timeout (an OperationCanceledException not asked for) after the request went out may have been processed.
                observer?.Invoke(new AttemptInfo(operation, attempt, null, e.GetType().Name, e.Message, false, AttemptOutcomes.MayHaveBeenSent(e), ErrorClassifier.KindOf(e)));
                throw;
            }
        }
    }
}

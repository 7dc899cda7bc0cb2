using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Amazon.Runtime;
using CodeStarProfiles.Engine.Resources;

namespace CodeStarProfiles.Engine
{
    /// <summary>
    /// The one place that sorts failures into a <see cref="FailureKind"/>: an error code and status
    /// from the service, or the shape of an exception that got no answer at all. The client's
    /// pipeline and the facade both ask it; nothing above the Engine classifies again.
    /// </summary>
    internal static class ErrorClassifier
    {
        /// <summary>Sorts an error code (and, for codes it does not know, the HTTP status) into what a caller does about it.</summary>
        public static FailureKind Classify(string? errorCode, int? statusCode)
        {
            if (RefusesEveryRequest(errorCode))
            {
                return FailureKind.AccessDenied;
            }

            if (IsNotCodeStar(errorCode, statusCode))
            {
                return FailureKind.NotCodeStar;
            }

            switch (errorCode)
            {
                case "UserProfileAlreadyExistsException": return FailureKind.AlreadyExists;
                case "UserProfileNotFoundException": return FailureKind.NotFound;
                case "InvalidNextTokenException": return FailureKind.InvalidNextToken;
                case "ValidationException":
                case "SerializationException":
                    return FailureKind.InvalidInput;
                case "AccessDeniedException": // the credentials' own refusals are above
                    return FailureKind.AccessDenied;
                case "ThrottlingException":
                case "Throttling":
                case "TooManyRequestsException":
                case "RequestLimitExceeded":
                case "LimitExceededException":
                case "RequestThrottled":
                    return FailureKind.Throttled;
            }

            if (statusCode == 403 || statusCode == 401 || statusCode == 407)
            {
                return FailureKind.AccessDenied; // denied, or asked to authenticate (a proxy's 407 included), whoever says it
            }

            if (statusCode == 429)
            {
                return FailureKind.Throttled;
            }

            return statusCode >= 500 ? FailureKind.ServiceError : FailureKind.InvalidInput;
        }

        /// <summary>
        /// Whether the service refused the request's credentials or signature themselves (an unknown key, a
        /// signature that does not match, an expired token, a signature scoped to another region), so every
        /// further request signed the same way is refused too. AccessDeniedException is not among them: a
        /// policy may deny some profiles and allow others.
        /// </summary>
        public static bool RefusesEveryRequest(string? errorCode) => errorCode switch
        {
            "UnrecognizedClientException" or "InvalidSignatureException" or "IncompleteSignatureException" or "MissingAuthenticationTokenException"
                or "ExpiredTokenException" or "InvalidClientTokenId" or "SignatureDoesNotMatch" => true,
            _ => false,
        };

        /// <summary>
        /// Whether the answer is not a CodeStar service's: a 4xx without an AWS error code (a web server or a
        /// proxy at that URL, or a path after the host: an AWS JSON service names every error it answers), or
        /// UnknownOperationException (an AWS-style service without CodeStar's operations). 401, 403, 407 and 429
        /// without a code stay what they say (authenticate, denied, too many requests); a 5xx without one stays a service error, retried.
        /// </summary>
        public static bool IsNotCodeStar(string? errorCode, int? statusCode) =>
            errorCode == "UnknownOperationException"
            || (string.IsNullOrEmpty(errorCode) && statusCode >= 400 && statusCode < 500 && statusCode != 401 && statusCode != 403 && statusCode != 407 && statusCode != 429);

        /// <summary>A service error's message as reported: the service's own words, or, when it answered without an AWS error, its HTTP status (never the SDK's "See inner exception").</summary>
        public static string MessageOf(AmazonServiceException e)
        {
            int status = (int)e.StatusCode;
            if (IsNotCodeStar(e.ErrorCode, status))
            {
                return SR.EndpointNotCodeStar(status, string.IsNullOrEmpty(e.ErrorCode) ? SR.NoAwsErrorCode : e.ErrorCode);
            }

            return string.IsNullOrEmpty(e.ErrorCode) && status != 0 ? SR.NoAwsError(status) : e.Message;
        }

        /// <summary>The request got no answer: refused, reset, closed, or timed out (not cancelled by the caller).</summary>
        public static bool IsConnectionFailure(Exception? e) =>
            e is HttpRequestException || e is IOException || e is WebException || e is SocketException || e is TimeoutException
            || (e is TaskCanceledException tce && !tce.CancellationToken.IsCancellationRequested)
            || (e is AmazonServiceException ase && ase.StatusCode == 0 && IsConnectionFailure(ase.InnerException));

        /// <summary>The kind of what an SDK call threw; null for what is not a call failure (a cancellation asked for, a bug).</summary>
        public static FailureKind? KindOf(Exception e) =>
            IsConnectionFailure(e) ? FailureKind.Connection
            : e is AmazonServiceException service ? Classify(service.ErrorCode, (int)service.StatusCode) // no status (0) sorts as none would
            : e is AmazonClientException client ? (IsCapacity(client) ? FailureKind.Throttled : FailureKind.ServiceError)
            : (FailureKind?)null;

        /// <summary>
        /// What a failed call threw, as the Engine reports it: a connection failure (whether the SDK
        /// let the HTTP exception escape or wrapped it), a service error with its code and request
        /// id, or a client-side failure; null for what is none of these (a cancellation asked for,
        /// a bug), which the caller lets through unchanged.
        /// </summary>
        /// <param name="endpoint">The endpoint called, named in a connection failure's message with where it came from
        /// (<paramref name="endpointSource"/>) and, for AWS's regional endpoint, the region (<paramref name="region"/>),
        /// so that a mistyped -Region (a host that does not resolve) shows as that.</param>
        public static CodeStarServiceException? ToFailure(Exception e, string? endpoint = null, string? endpointSource = null, string? region = null, string? regionSource = null)
        {
            if (IsConnectionFailure(e))
            {
                string detail = e is TaskCanceledException || e is TimeoutException ? SR.EndpointTimedOut : Innermost(e).Message;
                string? shown = endpoint == null ? null : Shown(endpoint);
                string message = shown == null ? SR.EndpointUnreachable(detail)
                    : endpointSource == SR.SourceRegionalEndpoint && region != null ? SR.EndpointUnreachableRegional(shown, region, regionSource ?? string.Empty, detail)
                    : SR.EndpointUnreachableAt(shown, endpointSource ?? string.Empty, detail);
                return new CodeStarServiceException(FailureKind.Connection, "ConnectionFailure", message, null, null, null);
            }

            if (e is AmazonServiceException service)
            {
                int? status = service.StatusCode == 0 ? (int?)null : (int)service.StatusCode;
                string code = string.IsNullOrEmpty(service.ErrorCode) ? (status >= 500 ? "ServiceError" : "UnknownError") : service.ErrorCode;
                return new CodeStarServiceException(Classify(service.ErrorCode, status), code, MessageOf(service), string.IsNullOrEmpty(service.RequestId) ? null : service.RequestId, status, null);
            }

            if (e is AmazonClientException client)
            {
                bool capacity = IsCapacity(client);
                return new CodeStarServiceException(capacity ? FailureKind.Throttled : FailureKind.ServiceError, capacity ? "ClientCapacityExhausted" : "ClientError", client.Message, null, null, null);
            }

            return null;
        }

        /// <summary>Adaptive mode's client-side bucket gives up with "capacity could not be obtained".</summary>
        private static bool IsCapacity(AmazonClientException e) => e.Message.IndexOf("capacity", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>An endpoint URL as a message shows it: without user info or query (either could hold a token), as the URL the requests went to otherwise.</summary>
        internal static string Shown(string endpoint) =>
            Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
                ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/')
                : endpoint;

        private static Exception Innermost(Exception e)
        {
            while (e.InnerException != null)
            {
                e = e.InnerException;
            }

            return e;
        }
    }
}

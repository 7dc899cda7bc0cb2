using System;

namespace CodeStarProfiles.Engine
{
    /// <summary>A failed call: the service's error code and request id, or a connection failure. Carries no secret.</summary>
    public sealed class CodeStarServiceException : Exception
    {
        internal CodeStarServiceException(FailureKind kind, string errorCode, string message, string? requestId, int? statusCode, Exception? inner)
            : base(message, inner)
        {
            Kind = kind;
            ErrorCode = errorCode;
            RequestId = requestId;
            StatusCode = statusCode;
        }

        public FailureKind Kind { get; }

        /// <summary>The service refused the credentials or the signature themselves: every further request signed the same way is refused too.</summary>
        public bool RefusesEveryRequest => ErrorClassifier.RefusesEveryRequest(ErrorCode);

        public string ErrorCode { get; }
        public string? RequestId { get; }
        public int? StatusCode { get; }

        /// <summary>The kind of any exception a call let through: its <see cref="Kind"/>, or what <see cref="ErrorClassifier"/> makes of it; null when it is no call failure.</summary>
        public static FailureKind? KindOf(Exception e) => e is CodeStarServiceException s ? s.Kind : ErrorClassifier.KindOf(e);
    }
}

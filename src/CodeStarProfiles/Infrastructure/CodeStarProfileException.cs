using System;

namespace CodeStarProfiles
{
    /// <summary>
    /// The exception inside every error record this module writes. For a service error it carries
    /// the service's error code and request id; it never carries a key, token or signature.
    /// </summary>
    public sealed class CodeStarProfileException : Exception
    {
        public CodeStarProfileException(string message, string? errorCode = null, string? requestId = null, int? statusCode = null)
            : base(message)
        {
            ErrorCode = errorCode;
            RequestId = requestId;
            StatusCode = statusCode;
        }

        /// <summary>The service's error code (e.g. UserProfileAlreadyExistsException), or null for a local check.</summary>
        public string? ErrorCode { get; }

        public string? RequestId { get; }

        public int? StatusCode { get; }
    }
}

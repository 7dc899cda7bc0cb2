// Request, response and exception shapes of the five user-profile operations, named as the
// generated AWSSDK.CodeStar names them, with exactly the model's members.
using System;
using System.Collections.Generic;
using System.Net;
using Amazon.Runtime;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>Base of every CodeStar request; carries a per-call observer of attempts (for -Verbose).</summary>
    internal abstract class AmazonCodeStarRequest : AmazonWebServiceRequest
    {
        internal Action<AttemptInfo>? AttemptObserver { get; set; }
    }

    internal sealed class CreateUserProfileRequest : AmazonCodeStarRequest
    {
        public string? UserArn { get; set; }
        public string? DisplayName { get; set; }
        public string? EmailAddress { get; set; }
        public string? SshPublicKey { get; set; }
    }

    internal sealed class DescribeUserProfileRequest : AmazonCodeStarRequest
    {
        public string? UserArn { get; set; }
    }

    internal sealed class UpdateUserProfileRequest : AmazonCodeStarRequest
    {
        public string? UserArn { get; set; }
        public string? DisplayName { get; set; }
        public string? EmailAddress { get; set; }
        public string? SshPublicKey { get; set; }
    }

    internal sealed class DeleteUserProfileRequest : AmazonCodeStarRequest
    {
        public string? UserArn { get; set; }
    }

    internal sealed class ListUserProfilesRequest : AmazonCodeStarRequest
    {
        public string? NextToken { get; set; }
        public int? MaxResults { get; set; }
    }

    /// <summary>The members shared by the Create, Describe and Update results.</summary>
    internal abstract class UserProfileResponse : AmazonWebServiceResponse
    {
        public string? UserArn { get; set; }
        public string? DisplayName { get; set; }
        public string? EmailAddress { get; set; }
        public string? SshPublicKey { get; set; }
        public DateTime? CreatedTimestamp { get; set; }
        public DateTime? LastModifiedTimestamp { get; set; }
    }

    internal sealed class CreateUserProfileResponse : UserProfileResponse
    {
    }

    internal sealed class DescribeUserProfileResponse : UserProfileResponse
    {
    }

    internal sealed class UpdateUserProfileResponse : UserProfileResponse
    {
    }

    internal sealed class DeleteUserProfileResponse : AmazonWebServiceResponse
    {
        public string? UserArn { get; set; }
    }

    internal sealed class UserProfileSummary
    {
        public string? UserArn { get; set; }
        public string? DisplayName { get; set; }
        public string? EmailAddress { get; set; }
        public string? SshPublicKey { get; set; }
    }

    internal sealed class ListUserProfilesResponse : AmazonWebServiceResponse
    {
        public List<UserProfileSummary> UserProfiles { get; set; } = new List<UserProfileSummary>();
        public string? NextToken { get; set; }
    }

    /// <summary>Base of every error CodeStar returns.</summary>
    internal class AmazonCodeStarException : AmazonServiceException
    {
        public AmazonCodeStarException(string message, Exception? innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }
    }

    internal sealed class UserProfileAlreadyExistsException : AmazonCodeStarException
    {
        public UserProfileAlreadyExistsException(string message, Exception? innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }
    }

    internal sealed class UserProfileNotFoundException : AmazonCodeStarException
    {
        public UserProfileNotFoundException(string message, Exception? innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }
    }

    internal sealed class InvalidNextTokenException : AmazonCodeStarException
    {
        public InvalidNextTokenException(string message, Exception? innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }
    }

    internal sealed class ValidationException : AmazonCodeStarException
    {
        public ValidationException(string message, Exception? innerException, ErrorType errorType, string errorCode, string requestId, HttpStatusCode statusCode)
            : base(message, innerException, errorType, errorCode, requestId, statusCode)
        {
        }
    }

    /// <summary>What one HTTP attempt of a call came to; reported to the request's observer.</summary>
    public sealed class AttemptInfo
    {
        internal AttemptInfo(string operation, int attempt, string? requestId, string? errorCode, string? errorMessage, bool succeeded, bool mayHaveBeenProcessed = false, FailureKind? kind = null)
        {
            MayHaveBeenProcessed = mayHaveBeenProcessed;
            Kind = kind;
            Operation = operation;
            Attempt = attempt;
            RequestId = requestId;
            ErrorCode = errorCode;
            ErrorMessage = errorMessage;
            Succeeded = succeeded;
        }

        public string Operation { get; }
        public int Attempt { get; }
        public string? RequestId { get; }
        public string? ErrorCode { get; }
        public string? ErrorMessage { get; }
        public bool Succeeded { get; }

        /// <summary>A failed attempt the service may still have carried out: a 5xx answer, or no answer at all.</summary>
        public bool MayHaveBeenProcessed { get; }

        /// <summary>What a failed attempt's error is (<see cref="ErrorClassifier"/>); null for a success.</summary>
        public FailureKind? Kind { get; }
    }
}

namespace CodeStarProfiles.LocalEndpoint;

/// <summary>An error answered the way an AWS JSON 1.1 service answers it: an HTTP status, <c>__type</c> and <c>message</c>.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int statusCode, string errorType, string message)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    public int StatusCode { get; }

    public string ErrorType { get; }

    public static ApiException Validation(string message) => new(400, "ValidationException", message);

    public static ApiException Serialization(string message) => new(400, "SerializationException", message);

    public static ApiException UnknownOperation(string? target) =>
        new(400, "UnknownOperationException", target is null ? "Missing X-Amz-Target header." : $"The operation '{target}' is not recognized.");

    public static ApiException AlreadyExists(string arn) =>
        new(400, "UserProfileAlreadyExistsException", $"A user profile with the ARN {arn} already exists.");

    public static ApiException NotFound(string arn) =>
        new(400, "UserProfileNotFoundException", $"The user profile for {arn} was not found.");

    public static ApiException InvalidNextToken() =>
        new(400, "InvalidNextTokenException", "The next token is not valid.");

    public static ApiException MissingAuthentication() =>
        new(403, "MissingAuthenticationTokenException", "Missing Authentication Token");

    public static ApiException Incomplete(string message) => new(400, "IncompleteSignatureException", message);

    public static ApiException InvalidSignature(string message) => new(403, "InvalidSignatureException", message);

    public static ApiException UnrecognizedClient() =>
        new(403, "UnrecognizedClientException", "The security token included in the request is invalid.");

    public static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLargeException", $"Request body is larger than the limit of {limit} bytes.");

    public static ApiException Throttling() => new(400, "ThrottlingException", "Rate exceeded");

    public static ApiException InternalFailure() =>
        new(500, "InternalFailure", "The request processing has failed because of an unknown error, exception or failure.");

    public static ApiException ServiceUnavailable() =>
        new(503, "ServiceUnavailable", "The service is unavailable. Please try again later.");
}

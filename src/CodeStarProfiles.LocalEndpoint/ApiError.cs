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

    /// <summary>The request's signature was missing or refused: nothing about it can be trusted, including who sent it.</summary>
    public bool IsAuthenticationFailure => ErrorType is "MissingAuthenticationTokenException" or "UnrecognizedClientException" or "InvalidSignatureException" or "IncompleteSignatureException";

    public static ApiException Validation(string message) => new(400, "ValidationException", message);

    public static ApiException Serialization(string message) => new(400, "SerializationException", message);

    public static ApiException UnknownOperation(string? target) =>
        new(400, "UnknownOperationException", target is null ? "Missing X-Amz-Target header." : $"The operation '{Quote(target)}' is not recognized.");

    /// <summary>A body Kestrel could not frame (bad chunked encoding, shorter than its Content-Length): Kestrel's words, which quote nothing sent.</summary>
    public static ApiException BadBody(string detail) =>
        new(400, "SerializationException", $"The request body could not be read: {detail}");

    public static ApiException RequestTimeout() =>
        new(408, "RequestTimeoutException", "The request body did not arrive in time; send it again.");

    public static ApiException ShuttingDown() =>
        new(503, "ServiceUnavailable", "The endpoint is shutting down; nothing was done for this request. Send it again when the endpoint is back.");

    /// <summary>The most characters of a value an error message quotes; longer values are cut short (as AWS cuts them), so no answer is much larger than its request.</summary>
    public const int MaxQuotedChars = 128;

    /// <summary>A value as a message quotes it: whole when short, else its first <see cref="MaxQuotedChars"/> characters and "...".</summary>
    public static string Quote(string value)
    {
        if (value.Length <= MaxQuotedChars)
        {
            return value;
        }

        int cut = char.IsHighSurrogate(value[MaxQuotedChars - 1]) ? MaxQuotedChars - 1 : MaxQuotedChars;
        return string.Concat(value.AsSpan(0, cut), "...");
    }

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

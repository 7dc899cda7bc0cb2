extern alias module;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using CodeStarProfiles.Engine;
using CodeStarProfiles.Engine.Client;
using module::CodeStarProfiles.Infrastructure;
using Xunit;

namespace CodeStarProfiles.Tests;

/// <summary>
/// The one classifier (<see cref="ErrorClassifier"/>): every kind from an error code, a status, or
/// the shape of an exception that got no answer; and the module's one mapping of kinds to ErrorIds.
/// </summary>
public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData("UserProfileAlreadyExistsException", 400, FailureKind.AlreadyExists)]
    [InlineData("UserProfileNotFoundException", 400, FailureKind.NotFound)]
    [InlineData("InvalidNextTokenException", 400, FailureKind.InvalidNextToken)]
    [InlineData("ValidationException", 400, FailureKind.InvalidInput)]
    [InlineData("SerializationException", 400, FailureKind.InvalidInput)]
    [InlineData("UnrecognizedClientException", 403, FailureKind.AccessDenied)]
    [InlineData("InvalidSignatureException", 403, FailureKind.AccessDenied)]
    [InlineData("IncompleteSignatureException", 403, FailureKind.AccessDenied)]
    [InlineData("MissingAuthenticationTokenException", 403, FailureKind.AccessDenied)]
    [InlineData("AccessDeniedException", 400, FailureKind.AccessDenied)]
    [InlineData("ExpiredTokenException", 400, FailureKind.AccessDenied)]
    [InlineData("InvalidClientTokenId", 400, FailureKind.AccessDenied)]
    [InlineData("SignatureDoesNotMatch", 400, FailureKind.AccessDenied)]
    [InlineData("ThrottlingException", 400, FailureKind.Throttled)]
    [InlineData("Throttling", 400, FailureKind.Throttled)]
    [InlineData("TooManyRequestsException", 429, FailureKind.Throttled)]
    [InlineData("RequestLimitExceeded", 400, FailureKind.Throttled)]
    [InlineData("LimitExceededException", 400, FailureKind.Throttled)]
    [InlineData("RequestThrottled", 400, FailureKind.Throttled)]
    [InlineData("ThrottlingException", 503, FailureKind.Throttled)] // the code wins over the status
    [InlineData("UserProfileNotFoundException", 500, FailureKind.NotFound)]
    public void A_known_error_code_decides_the_kind(string code, int status, FailureKind expected) =>
        Assert.Equal(expected, ErrorClassifier.Classify(code, status));

    [Theory]
    [InlineData("InvalidSignatureException", true)]
    [InlineData("UnrecognizedClientException", true)]
    [InlineData("IncompleteSignatureException", true)]
    [InlineData("MissingAuthenticationTokenException", true)]
    [InlineData("ExpiredTokenException", true)]
    [InlineData("InvalidClientTokenId", true)]
    [InlineData("SignatureDoesNotMatch", true)]
    [InlineData("AccessDeniedException", false)] // a policy may deny some profiles and allow others
    [InlineData("ThrottlingException", false)]
    [InlineData("UserProfileNotFoundException", false)]
    [InlineData(null, false)]
    public void Only_a_refusal_of_the_credentials_or_signature_themselves_refuses_every_request(string? code, bool expected) =>
        Assert.Equal(expected, ErrorClassifier.RefusesEveryRequest(code));

    [Theory]
    [InlineData("SomethingElse", 403, FailureKind.AccessDenied)]
    [InlineData(null, 403, FailureKind.AccessDenied)]
    [InlineData("InternalFailure", 500, FailureKind.ServiceError)]
    [InlineData("ServiceUnavailable", 503, FailureKind.ServiceError)]
    [InlineData(null, 599, FailureKind.ServiceError)]
    [InlineData("SomethingElse", 499, FailureKind.InvalidInput)]
    [InlineData("SomethingElse", 400, FailureKind.InvalidInput)]
    [InlineData(null, null, FailureKind.InvalidInput)]
    [InlineData(null, 429, FailureKind.Throttled)]
    [InlineData(null, 401, FailureKind.AccessDenied)]
    [InlineData("", 407, FailureKind.AccessDenied)]
    [InlineData("", 502, FailureKind.ServiceError)]
    public void An_unknown_code_is_sorted_by_its_status(string? code, int? status, FailureKind expected) =>
        Assert.Equal(expected, ErrorClassifier.Classify(code, status));

    [Theory]
    [InlineData("", 404, true)] // a web server, or a path after the host
    [InlineData(null, 405, true)]
    [InlineData(null, 400, true)] // an AWS JSON service names every error it answers
    [InlineData(null, 499, true)]
    [InlineData("UnknownOperationException", 400, true)] // an AWS-style service without CodeStar's operations
    [InlineData(null, 403, false)] // denied, whoever says it
    [InlineData(null, 401, false)] // asked to authenticate
    [InlineData(null, 407, false)] // an authenticating proxy
    [InlineData(null, 429, false)] // too many requests
    [InlineData(null, 500, false)] // a service error, retried
    [InlineData(null, 501, false)]
    [InlineData("ValidationException", 400, false)]
    [InlineData("SomethingElse", 404, false)]
    [InlineData(null, null, false)]
    public void A_4xx_without_an_AWS_error_code_is_not_a_CodeStar_answer(string? code, int? status, bool expected)
    {
        Assert.Equal(expected, ErrorClassifier.IsNotCodeStar(code, status));
        Assert.Equal(expected, ErrorClassifier.Classify(code, status) == FailureKind.NotCodeStar);
    }

    [Fact]
    public void A_non_CodeStar_answer_after_an_attempt_that_may_have_been_carried_out_leaves_the_write_uncertain()
    {
        var notCodeStar = new CodeStarServiceException(FailureKind.NotCodeStar, "UnknownError", "m", null, 404, null);
        var afterFiveHundred = new AttemptTracker(null);
        afterFiveHundred.Observe(new AttemptInfo("CreateUserProfile", 1, null, "InternalFailure", "x", false, mayHaveBeenProcessed: true, FailureKind.ServiceError));
        afterFiveHundred.Observe(new AttemptInfo("CreateUserProfile", 2, null, "HTTP 404", "m", false, false, FailureKind.NotCodeStar));
        Assert.True(afterFiveHundred.Ambiguous(notCodeStar), "a proxy's 404 after a 5xx says nothing about the first attempt's write");

        var alone = new AttemptTracker(null);
        alone.Observe(new AttemptInfo("CreateUserProfile", 1, null, "HTTP 404", "m", false, false, FailureKind.NotCodeStar));
        Assert.False(alone.Ambiguous(notCodeStar), "nothing that answered was CodeStar, so nothing was written");
        var validation = new CodeStarServiceException(FailureKind.InvalidInput, "ValidationException", "m", null, 400, null);
        Assert.False(afterFiveHundred.Ambiguous(validation), "the service's own 4xx is certain");
    }

    [Fact]
    public void An_answer_without_an_AWS_error_is_reported_by_its_status_not_the_SDKs_words()
    {
        const string sdk = "The service returned an error. See inner exception for details.";
        var notFound = ErrorClassifier.ToFailure(new AmazonServiceException(sdk, null, ErrorType.Unknown, null, "", HttpStatusCode.NotFound))!;
        Assert.Equal(FailureKind.NotCodeStar, notFound.Kind);
        Assert.Equal("The endpoint answered HTTP 404 (no AWS error code), which is not a CodeStar service's answer: the URL is not a CodeStar endpoint, or has a path after the host.", notFound.Message);
        Assert.Null(notFound.RequestId);
        var unknown = ErrorClassifier.ToFailure(new AmazonServiceException("The operation 'X' is not recognized.", null, ErrorType.Sender, "UnknownOperationException", "r-1", HttpStatusCode.BadRequest))!;
        Assert.Equal(FailureKind.NotCodeStar, unknown.Kind);
        Assert.Contains("HTTP 400 (UnknownOperationException)", unknown.Message);
        var notImplemented = ErrorClassifier.ToFailure(new AmazonServiceException(sdk, null, ErrorType.Unknown, null, null, HttpStatusCode.NotImplemented))!;
        Assert.Equal(FailureKind.ServiceError, notImplemented.Kind);
        Assert.Equal("The endpoint answered HTTP 501 without an AWS error code or message.", notImplemented.Message);
        Assert.Equal("ServiceError", notImplemented.ErrorCode);
    }

    public static TheoryData<Exception, string> NoAnswer() => new()
    {
        { new HttpRequestException("Connection refused (127.0.0.1:1)", new SocketException((int)SocketError.ConnectionRefused)), new SocketException((int)SocketError.ConnectionRefused).Message },
        { new HttpRequestException("An error occurred while sending the request."), "An error occurred while sending the request." },
        { new SocketException((int)SocketError.ConnectionReset), new SocketException((int)SocketError.ConnectionReset).Message },
        { new IOException("The response ended prematurely."), "The response ended prematurely." },
        { new WebException("The remote name could not be resolved"), "The remote name could not be resolved" },
        { new TimeoutException("late"), "the request timed out" },
        { new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException("inner")), "the request timed out" },
        { new AmazonServiceException("wrapped", new HttpRequestException("outer", new IOException("Broken pipe"))), "Broken pipe" },
    };

    [Theory]
    [InlineData("https://codestar.us-east-99.amazonaws.com", "AWS's regional endpoint", "us-east-99", "Could not reach the CodeStar endpoint https://codestar.us-east-99.amazonaws.com, AWS's endpoint for the region 'us-east-99' (from -Region): Name or service not known")]
    [InlineData("http://127.0.0.1:9", "-EndpointUrl", "us-east-1", "Could not reach the CodeStar endpoint http://127.0.0.1:9 (from -EndpointUrl): Name or service not known")]
    [InlineData("https://user:TokenNotShown@proxy.example.com:8443/codestar/?sig=QueryNotShown", "AWS_ENDPOINT_URL", "us-east-1", "Could not reach the CodeStar endpoint https://proxy.example.com:8443/codestar (from AWS_ENDPOINT_URL): Name or service not known")]
    public void A_connection_failure_names_the_endpoint_and_for_AWSs_own_the_region(string endpoint, string source, string region, string expected)
    {
        var f = ErrorClassifier.ToFailure(new HttpRequestException("outer", new SocketException(11001)), endpoint, source, region, "-Region")!;
        Assert.Equal(FailureKind.Connection, f.Kind);
        Assert.Equal(expected.Replace("Name or service not known", new SocketException(11001).Message), f.Message);
    }

    [Theory]
    [MemberData(nameof(NoAnswer))]
    public void An_exception_that_got_no_answer_is_a_connection_failure_with_its_innermost_cause(Exception e, string detail)
    {
        Assert.True(ErrorClassifier.IsConnectionFailure(e));
        Assert.Equal(FailureKind.Connection, ErrorClassifier.KindOf(e));
        var f = ErrorClassifier.ToFailure(e)!;
        Assert.Equal(FailureKind.Connection, f.Kind);
        Assert.Equal("ConnectionFailure", f.ErrorCode);
        Assert.Equal("Could not reach the CodeStar endpoint: " + detail, f.Message);
        Assert.Null(f.StatusCode);
        Assert.Null(f.RequestId);
    }

    [Fact]
    public void A_cancellation_the_caller_asked_for_is_no_failure_at_all()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var asked = new TaskCanceledException("stopped", null, cancel.Token);
        Assert.False(ErrorClassifier.IsConnectionFailure(asked));
        Assert.Null(ErrorClassifier.KindOf(asked));
        Assert.Null(ErrorClassifier.ToFailure(asked));
        Assert.Null(ErrorClassifier.ToFailure(new OperationCanceledException(cancel.Token)));
        Assert.Null(ErrorClassifier.ToFailure(new InvalidOperationException("a bug")));
        Assert.Null(CodeStarServiceException.KindOf(new InvalidOperationException("a bug")));
    }

    [Fact]
    public void A_service_error_keeps_its_code_request_id_and_status()
    {
        var e = new InvalidNextTokenException("The token is not valid.", null, ErrorType.Sender, "InvalidNextTokenException", "req-1", HttpStatusCode.BadRequest);
        var f = ErrorClassifier.ToFailure(e)!;
        Assert.Equal(FailureKind.InvalidNextToken, f.Kind);
        Assert.Equal("InvalidNextTokenException", f.ErrorCode);
        Assert.Equal("The token is not valid.", f.Message);
        Assert.Equal("req-1", f.RequestId);
        Assert.Equal(400, f.StatusCode);
        Assert.Equal(FailureKind.InvalidNextToken, ErrorClassifier.KindOf(e));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, FailureKind.ServiceError, "ServiceError")]
    [InlineData(HttpStatusCode.BadRequest, FailureKind.NotCodeStar, "UnknownError")]
    [InlineData(HttpStatusCode.Forbidden, FailureKind.AccessDenied, "UnknownError")]
    public void A_service_error_without_a_code_is_named_by_its_status(HttpStatusCode status, FailureKind kind, string code)
    {
        var f = ErrorClassifier.ToFailure(new AmazonServiceException("no code", null, ErrorType.Unknown, null, "req-2", status))!;
        Assert.Equal(kind, f.Kind);
        Assert.Equal(code, f.ErrorCode);
        Assert.Equal((int)status, f.StatusCode);
        Assert.Equal(kind, ErrorClassifier.KindOf(new AmazonServiceException("no code", null, ErrorType.Unknown, null, "req-2", status)));
    }

    [Fact]
    public void A_service_error_with_no_status_and_no_network_cause_is_not_a_connection_failure()
    {
        var e = new AmazonServiceException("odd", new InvalidOperationException("x"));
        Assert.False(ErrorClassifier.IsConnectionFailure(e));
        var f = ErrorClassifier.ToFailure(e)!;
        Assert.Equal(FailureKind.InvalidInput, f.Kind);
        Assert.Null(f.StatusCode);
    }

    [Fact]
    public void The_client_giving_up_for_capacity_is_throttling_and_any_other_client_error_a_service_error()
    {
        var capacity = ErrorClassifier.ToFailure(new AmazonClientException("Retry capacity could not be obtained"))!;
        Assert.Equal(FailureKind.Throttled, capacity.Kind);
        Assert.Equal("ClientCapacityExhausted", capacity.ErrorCode);
        var other = ErrorClassifier.ToFailure(new AmazonClientException("Unable to parse the response"))!;
        Assert.Equal(FailureKind.ServiceError, other.Kind);
        Assert.Equal("ClientError", other.ErrorCode);
        Assert.Equal(FailureKind.Throttled, ErrorClassifier.KindOf(new AmazonClientException("Retry CAPACITY could not be obtained")));
        Assert.Equal(FailureKind.Throttled, ErrorClassifier.KindOf(new AmazonClientException("Capacity could not be obtained")));
        Assert.Equal(FailureKind.ServiceError, ErrorClassifier.KindOf(new AmazonClientException("Unable to parse the response")));
    }

    [Fact]
    public void A_failure_the_Engine_already_classified_keeps_its_kind()
    {
        var e = new CodeStarServiceException(FailureKind.OutcomeUnknown, "OutcomeUnknown", "m", null, null, new IOException("x"));
        Assert.Equal(FailureKind.OutcomeUnknown, CodeStarServiceException.KindOf(e));
    }

    [Theory]
    [InlineData(FailureKind.AlreadyExists, "UserProfileAlreadyExists")]
    [InlineData(FailureKind.NotFound, "UserProfileNotFound")]
    [InlineData(FailureKind.InvalidInput, "ServiceValidationFailed")]
    [InlineData(FailureKind.InvalidNextToken, "InvalidNextToken")]
    [InlineData(FailureKind.AccessDenied, "AccessDenied")]
    [InlineData(FailureKind.Throttled, "Throttled")]
    [InlineData(FailureKind.ServiceError, "ServiceError")]
    [InlineData(FailureKind.Connection, "ConnectionFailed")]
    [InlineData(FailureKind.OutcomeUnknown, "OutcomeUnknown")]
    public void The_module_maps_each_kind_to_one_ErrorId(FailureKind kind, string errorId)
    {
        var failure = ServiceSession.Describe(new CodeStarServiceException(kind, "SomeCode", "it failed", "req-3", 400, null), "describe", "arn:aws:iam::123456789012:user/Mary")!;
        Assert.Equal(errorId, failure.ErrorId);
        Assert.Contains("arn:aws:iam::123456789012:user/Mary", failure.Message);
        Assert.Contains("(SomeCode, request id req-3)", failure.Message);
    }

    [Fact]
    public void Every_kind_has_a_mapping_of_its_own()
    {
        var ids = Enum.GetValues<FailureKind>().Select(k => ServiceSession.Describe(new CodeStarServiceException(k, "C", "m", null, null, null), "a", "b")!.ErrorId).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void The_module_knows_a_raw_connection_failure_by_its_kind_not_its_message()
    {
        Assert.True(ServiceSession.IsConnectionFailure(new HttpRequestException("anything at all")));
        Assert.True(ServiceSession.IsConnectionFailure(new CodeStarServiceException(FailureKind.Connection, "ConnectionFailure", "no answer", null, null, null)));
        Assert.False(ServiceSession.IsConnectionFailure(new InvalidOperationException("Could not reach the CodeStar endpoint: fake")));
        Assert.Null(ServiceSession.Describe(new HttpRequestException("x"), "a", "b"));
    }
}

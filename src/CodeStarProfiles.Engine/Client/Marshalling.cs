// Marshallers and unmarshallers for AWS JSON 1.1, built on AWSSDK.Core's own transform
// classes the way generated clients are (Utf8JsonWriter over a PooledContentStream going out,
// JsonResponseUnmarshaller with a StreamingUtf8JsonReader coming back, and
// JsonErrorResponseUnmarshaller for errors).
using System;
using System.IO;
using System.Net;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace CodeStarProfiles.Engine.Client
{
    /// <summary>Writes one operation's request: target header, content type, and a JSON object of the members that are set.</summary>
    internal sealed class JsonRequestMarshaller<TRequest> : IMarshaller<IRequest, AmazonWebServiceRequest>
        where TRequest : AmazonCodeStarRequest
    {
        private readonly string _operation;
        private readonly Action<Utf8JsonWriter, TRequest> _writeMembers;

        public JsonRequestMarshaller(string operation, Action<Utf8JsonWriter, TRequest> writeMembers)
        {
            _operation = operation;
            _writeMembers = writeMembers;
        }

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var publicRequest = (TRequest)input;
            IRequest request = new DefaultRequest(publicRequest, AmazonCodeStarConfig.ServiceIdValue);
            request.Headers["X-Amz-Target"] = "CodeStar_20170419." + _operation;
            request.Headers["Content-Type"] = "application/x-amz-json-1.1";
            request.Headers["x-amz-api-version"] = "2017-04-19";
            request.HttpMethod = "POST";
            request.ResourcePath = "/";
            var content = new PooledContentStream();
            request.ContentStream = content;
            using (var writer = new Utf8JsonWriter(content.BufferWriter))
            {
                writer.WriteStartObject();
                _writeMembers(writer, publicRequest);
                writer.WriteEndObject();
                writer.Flush();
            }

            return request;
        }

        internal static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
        {
            if (value != null)
            {
                writer.WriteString(name, value);
            }
        }
    }

    internal static class Marshallers
    {
        public static readonly JsonRequestMarshaller<CreateUserProfileRequest> Create = new JsonRequestMarshaller<CreateUserProfileRequest>("CreateUserProfile", (w, r) =>
        {
            JsonRequestMarshaller<CreateUserProfileRequest>.WriteIfSet(w, "displayName", r.DisplayName);
            JsonRequestMarshaller<CreateUserProfileRequest>.WriteIfSet(w, "emailAddress", r.EmailAddress);
            JsonRequestMarshaller<CreateUserProfileRequest>.WriteIfSet(w, "sshPublicKey", r.SshPublicKey);
            JsonRequestMarshaller<CreateUserProfileRequest>.WriteIfSet(w, "userArn", r.UserArn);
        });

        public static readonly JsonRequestMarshaller<DescribeUserProfileRequest> Describe = new JsonRequestMarshaller<DescribeUserProfileRequest>("DescribeUserProfile", (w, r) =>
            JsonRequestMarshaller<DescribeUserProfileRequest>.WriteIfSet(w, "userArn", r.UserArn));

        public static readonly JsonRequestMarshaller<UpdateUserProfileRequest> Update = new JsonRequestMarshaller<UpdateUserProfileRequest>("UpdateUserProfile", (w, r) =>
        {
            JsonRequestMarshaller<UpdateUserProfileRequest>.WriteIfSet(w, "displayName", r.DisplayName);
            JsonRequestMarshaller<UpdateUserProfileRequest>.WriteIfSet(w, "emailAddress", r.EmailAddress);
            JsonRequestMarshaller<UpdateUserProfileRequest>.WriteIfSet(w, "sshPublicKey", r.SshPublicKey);
            JsonRequestMarshaller<UpdateUserProfileRequest>.WriteIfSet(w, "userArn", r.UserArn);
        });

        public static readonly JsonRequestMarshaller<DeleteUserProfileRequest> Delete = new JsonRequestMarshaller<DeleteUserProfileRequest>("DeleteUserProfile", (w, r) =>
            JsonRequestMarshaller<DeleteUserProfileRequest>.WriteIfSet(w, "userArn", r.UserArn));

        public static readonly JsonRequestMarshaller<ListUserProfilesRequest> List = new JsonRequestMarshaller<ListUserProfilesRequest>("ListUserProfiles", (w, r) =>
        {
            if (r.MaxResults.HasValue)
            {
                w.WriteNumber("maxResults", r.MaxResults.Value);
            }

            JsonRequestMarshaller<ListUserProfilesRequest>.WriteIfSet(w, "nextToken", r.NextToken);
        });
    }

    /// <summary>Maps every modelled error code to its exception type; anything else becomes <see cref="AmazonCodeStarException"/>.</summary>
    internal abstract class CodeStarResponseUnmarshaller : JsonResponseUnmarshaller
    {
        public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            var reader = NewReader(context);
            ErrorResponse error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(context, ref reader);
            string code = error.Code ?? string.Empty;
            string message = error.Message ?? code;
            switch (code)
            {
                case "UserProfileAlreadyExistsException":
                    return new UserProfileAlreadyExistsException(message, innerException, error.Type, code, error.RequestId, statusCode);
                case "UserProfileNotFoundException":
                    return new UserProfileNotFoundException(message, innerException, error.Type, code, error.RequestId, statusCode);
                case "InvalidNextTokenException":
                    return new InvalidNextTokenException(message, innerException, error.Type, code, error.RequestId, statusCode);
                case "ValidationException":
                    return new ValidationException(message, innerException, error.Type, code, error.RequestId, statusCode);
                default:
                    return new AmazonCodeStarException(message, innerException, error.Type, code, error.RequestId, statusCode);
            }
        }

        /// <summary>A reader over the response body, sized as the SDK configures it.</summary>
        protected static StreamingUtf8JsonReader NewReader(JsonUnmarshallerContext context) =>
            new StreamingUtf8JsonReader(context.Stream, AWSConfigs.StreamingUtf8JsonReaderBufferSize ?? 4096, context.JsonMaxDepth);

        /// <summary>Reads a flat JSON object, handing each member name to <paramref name="member"/>.</summary>
        protected static void ReadObject(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, MemberReader member)
        {
            context.Read(ref reader);
            int depth = context.CurrentDepth;
            while (context.ReadAtDepth(depth, ref reader))
            {
                member(context, ref reader, depth);
            }
        }

        protected delegate void MemberReader(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth);

        protected static bool ReadString(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader, int depth, string name, Action<string?> set)
        {
            if (!context.TestExpression(name, depth, ref reader))
            {
                return false;
            }

            set(StringUnmarshaller.Instance.Unmarshall(context, ref reader));
            return true;
        }
    }

    internal sealed class UserProfileResponseUnmarshaller<TResponse> : CodeStarResponseUnmarshaller
        where TResponse : UserProfileResponse, new()
    {
        public static readonly UserProfileResponseUnmarshaller<TResponse> Instance = new UserProfileResponseUnmarshaller<TResponse>();

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
        {
            var response = new TResponse();
            var reader = NewReader(context);
            ReadObject(context, ref reader, (JsonUnmarshallerContext c, ref StreamingUtf8JsonReader r, int d) =>
            {
                if (ReadString(c, ref r, d, "userArn", v => response.UserArn = v)
                    || ReadString(c, ref r, d, "displayName", v => response.DisplayName = v)
                    || ReadString(c, ref r, d, "emailAddress", v => response.EmailAddress = v)
                    || ReadString(c, ref r, d, "sshPublicKey", v => response.SshPublicKey = v))
                {
                    return;
                }

                if (c.TestExpression("createdTimestamp", d, ref r))
                {
                    response.CreatedTimestamp = NullableDateTimeUnmarshaller.Instance.Unmarshall(c, ref r);
                }
                else if (c.TestExpression("lastModifiedTimestamp", d, ref r))
                {
                    response.LastModifiedTimestamp = NullableDateTimeUnmarshaller.Instance.Unmarshall(c, ref r);
                }
            });
            return response;
        }
    }

    internal sealed class DeleteUserProfileResponseUnmarshaller : CodeStarResponseUnmarshaller
    {
        public static readonly DeleteUserProfileResponseUnmarshaller Instance = new DeleteUserProfileResponseUnmarshaller();

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
        {
            var response = new DeleteUserProfileResponse();
            var reader = NewReader(context);
            ReadObject(context, ref reader, (JsonUnmarshallerContext c, ref StreamingUtf8JsonReader r, int d) =>
                ReadString(c, ref r, d, "userArn", v => response.UserArn = v));
            return response;
        }
    }

    internal sealed class ListUserProfilesResponseUnmarshaller : CodeStarResponseUnmarshaller
    {
        public static readonly ListUserProfilesResponseUnmarshaller Instance = new ListUserProfilesResponseUnmarshaller();

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
        {
            var response = new ListUserProfilesResponse();
            var reader = NewReader(context);
            ReadObject(context, ref reader, (JsonUnmarshallerContext c, ref StreamingUtf8JsonReader r, int d) =>
            {
                if (ReadString(c, ref r, d, "nextToken", v => response.NextToken = v))
                {
                    return;
                }

                if (c.TestExpression("userProfiles", d, ref r))
                {
                    var list = new JsonListUnmarshaller<UserProfileSummary, UserProfileSummaryUnmarshaller>(UserProfileSummaryUnmarshaller.Instance);
                    response.UserProfiles = list.Unmarshall(c, ref r) ?? new System.Collections.Generic.List<UserProfileSummary>();
                }
            });
            return response;
        }
    }

    internal sealed class UserProfileSummaryUnmarshaller : IJsonUnmarshaller<UserProfileSummary, JsonUnmarshallerContext>
    {
        public static readonly UserProfileSummaryUnmarshaller Instance = new UserProfileSummaryUnmarshaller();

        public UserProfileSummary Unmarshall(JsonUnmarshallerContext context, ref StreamingUtf8JsonReader reader)
        {
            var summary = new UserProfileSummary();
            if (context.IsEmptyResponse)
            {
                return null!;
            }

            context.Read(ref reader);
            if (context.CurrentTokenType == JsonTokenType.Null)
            {
                return null!;
            }

            int depth = context.CurrentDepth;
            while (context.ReadAtDepth(depth, ref reader))
            {
                if (context.TestExpression("userArn", depth, ref reader))
                {
                    summary.UserArn = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
                else if (context.TestExpression("displayName", depth, ref reader))
                {
                    summary.DisplayName = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
                else if (context.TestExpression("emailAddress", depth, ref reader))
                {
                    summary.EmailAddress = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
                else if (context.TestExpression("sshPublicKey", depth, ref reader))
                {
                    summary.SshPublicKey = StringUnmarshaller.Instance.Unmarshall(context, ref reader);
                }
            }

            return summary;
        }
    }
}

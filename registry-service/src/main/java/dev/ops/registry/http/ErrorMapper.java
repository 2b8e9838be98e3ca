package dev.ops.registry.http;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Gives the JSON APIs under /api and /admin the same error documents as /v2. */
public class ErrorMapper {

  @ServerExceptionMapper
  public Response map(RegistryException error) {
    Response.ResponseBuilder response =
        Response.status(error.status())
            .type(MediaType.APPLICATION_JSON)
            .entity(ErrorBody.of(error));
    error.headers().forEach(response::header);
    return response.build();
  }
}

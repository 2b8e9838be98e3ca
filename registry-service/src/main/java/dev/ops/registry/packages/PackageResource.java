package dev.ops.registry.packages;

import dev.ops.registry.http.RegistryError;
import dev.ops.registry.http.RegistryException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The package index behind {@code ops pkg list/search/describe}: which packages exist, in which
 * versions and for which architectures, and the manifest each one is. Reads follow the pull policy;
 * registering and removing need a push token.
 */
@Path("/api/packages")
@Produces(MediaType.APPLICATION_JSON)
public class PackageResource {

  static final String DEFAULT_ARCHITECTURE = "amd64";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}");
  private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9_]{1,32}");
  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z0-9 ._+#-]{0,64}");

  @Inject PackageIndex index;

  @GET
  @WithSession
  public Uni<List<PackageView>> search(
      @QueryParam("search") String search,
      @QueryParam("architecture") String architecture,
      @QueryParam("language") String language) {
    return index.search(search == null ? "" : search, optional(architecture), optional(language));
  }

  @GET
  @Path("{name}")
  @WithSession
  public Uni<List<PackageView>> versions(@PathParam("name") String name) {
    return index.versions(name).map(found -> nonEmpty(found, name));
  }

  @GET
  @Path("{name}/{version}")
  @WithSession
  public Uni<PackageView> describe(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @QueryParam("architecture") String architecture) {
    return index
        .version(name, version, optional(architecture))
        .map(found -> nonEmpty(found, name + " " + version).get(0));
  }

  @PUT
  @Path("{name}/{version}")
  @Consumes(MediaType.APPLICATION_JSON)
  @WithTransaction
  public Uni<Response> register(
      @PathParam("name") String name,
      @PathParam("version") String version,
      PackageRegistration body) {
    return register(complete(body, name, version));
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @WithTransaction
  public Uni<Response> registerFromBody(PackageRegistration body) {
    return register(complete(body, null, null));
  }

  @DELETE
  @Path("{name}/{version}")
  @WithTransaction
  public Uni<Response> remove(
      @PathParam("name") String name,
      @PathParam("version") String version,
      @QueryParam("architecture") String architecture) {
    return index
        .remove(name, version, optional(architecture))
        .map(
            removed -> {
              if (!removed) {
                throw unknown(name + " " + version);
              }
              return Response.noContent().build();
            });
  }

  private Uni<Response> register(PackageRegistration registration) {
    return index
        .register(registration)
        .chain(
            created ->
                index
                    .version(
                        registration.name(),
                        registration.version(),
                        Optional.of(registration.architecture()))
                    .map(
                        views ->
                            Response.status(created ? 201 : 200).entity(views.get(0)).build()));
  }

  /** Fills defaults and checks every field, naming the first one that is wrong. */
  private static PackageRegistration complete(
      PackageRegistration body, String pathName, String pathVersion) {
    if (body == null) {
      throw invalid("send a JSON body with repository and reference");
    }
    String name = pathName != null ? pathName : body.name();
    String version = pathVersion != null ? pathVersion : body.version();
    if (body.name() != null && !body.name().equals(name)) {
      throw invalid("the body names package '" + body.name() + "' but the path '" + name + "'");
    }
    PackageRegistration complete =
        new PackageRegistration(
            require("name", name, NAME),
            require("version", version, VERSION),
            require(
                "architecture",
                Optional.ofNullable(body.architecture()).orElse(DEFAULT_ARCHITECTURE),
                ARCHITECTURE),
            Optional.ofNullable(body.description()).orElse(""),
            require("language", Optional.ofNullable(body.language()).orElse(""), LANGUAGE),
            body.repository(),
            body.reference());
    if (complete.repository() == null || complete.reference() == null) {
      throw invalid("'repository' and 'reference' (a tag or digest) name the package's manifest");
    }
    return complete;
  }

  private static String require(String field, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw invalid(field + " '" + value + "' is missing or malformed (expected " + pattern + ")");
    }
    return value;
  }

  private static Optional<String> optional(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }

  private static List<PackageView> nonEmpty(List<PackageView> found, String what) {
    if (found.isEmpty()) {
      throw unknown(what);
    }
    return found;
  }

  private static RegistryException unknown(String what) {
    return RegistryError.PACKAGE_UNKNOWN.because(
        "no package " + what + " in the index; search with GET /api/packages?search=");
  }

  private static RegistryException invalid(String message) {
    return RegistryError.PACKAGE_INVALID.because(message);
  }
}

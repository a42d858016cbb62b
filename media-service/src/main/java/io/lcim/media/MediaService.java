package io.lcim.media;

import io.lcim.common.Stores;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * File upload and download for image and file messages: the storage SDK's {@code AV.File} flow, content in GridFS.
 * {@link #router()} holds only absolute paths under {@code /1.1/files}, {@code /1.1/fileTokens},
 * {@code /1.1/fileCallback}, {@code /1.1/classes/_File}, {@value #UPLOAD_PATH} and {@value #DOWNLOAD_PATH}, so it can
 * be mounted next to the gateway's {@code /} and {@code /health}.
 */
public final class MediaService {

  private static final Logger LOG = LoggerFactory.getLogger(MediaService.class);

  /** Where upload urls point: {@code PUT /uploads/{objectId}?token=…}. */
  public static final String UPLOAD_PATH = "/uploads/";
  /** Where file urls point: {@code GET /files/{objectId}/{name}}. */
  public static final String DOWNLOAD_PATH = "/files/";
  /** How often abandoned uploads are looked for. */
  static final long SWEEP_INTERVAL_MILLIS = Duration.ofMinutes(10).toMillis();
  /** JSON bodies of the REST routes are small: names, metadata, a URL. */
  static final int MAX_JSON_BODY_BYTES = 64 * 1024;

  private static final Set<String> CORS_HEADERS = Set.of("X-LC-Id", "X-LC-Sign", "X-LC-Key", "X-LC-Session",
    "X-LC-UA", "X-LC-Prod", "X-LC-Hook-Key", "Content-Type", "Cache-Control", "Range", "If-None-Match", "If-Range");
  private static final Set<String> CORS_EXPOSED = Set.of("ETag", "Content-Range", "Content-Length", "Accept-Ranges");

  private final Vertx vertx;
  private final MongoClient mongo;
  private final FileApi api;
  private final UploadHandler uploads;
  private final DownloadHandler downloads;
  private final AbandonedUploads abandoned;
  private final long sweepTimer;

  private MediaService(Vertx vertx, MongoClient mongo, FileApi api, UploadHandler uploads,
                       DownloadHandler downloads, AbandonedUploads abandoned) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.api = api;
    this.uploads = uploads;
    this.downloads = downloads;
    this.abandoned = abandoned;
    this.sweepTimer = vertx.setPeriodic(SWEEP_INTERVAL_MILLIS, id -> sweepAbandonedUploads()
      .onFailure(e -> LOG.warn("Sweeping abandoned uploads failed; the next pass retries", e)));
  }

  /** Connects to MongoDB, opens the GridFS bucket and creates its indexes. */
  public static Future<MediaService> create(Vertx vertx, MediaConfig config) {
    MongoClient mongo = Stores.mongo(vertx, config.stores());
    FileRecords records = new FileRecords(mongo);
    return records.ensureIndexes().compose(v -> GridFsBlobs.open(mongo))
      .map(blobs -> {
        UploadTokens tokens = new UploadTokens(config.credentials().masterKey(), config.uploadTokenTtl(),
          Clock.systemUTC());
        FileApi api = new FileApi(config.credentials(), records, blobs, tokens, new PublicUrls(config.publicUrl()));
        return new MediaService(vertx, mongo, api, new UploadHandler(records, blobs, tokens, config.maxUploadBytes()),
          new DownloadHandler(records, blobs, config.legacyFileUrls()),
          new AbandonedUploads(records, blobs, config.uploadTokenTtl()));
      })
      .onFailure(e -> mongo.close());
  }

  /** Every media route; a new router on each call, to mount on any HTTP server. */
  public Router router() {
    Router router = Router.router(vertx);
    CorsHandler cors = CorsHandler.create()
      .addOrigin("*")
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
      .allowedHeaders(CORS_HEADERS)
      .exposedHeaders(CORS_EXPOSED)
      .maxAgeSeconds(86400);
    for (String path : List.of("/1.1/fileTokens", "/1.1/fileCallback", "/1.1/files", "/1.1/files/:objectId",
      "/1.1/classes/_File/:objectId", UPLOAD_PATH + ":objectId", DOWNLOAD_PATH + "*")) {
      router.route(path).handler(cors); // answers preflights, adds the CORS headers to the rest
    }

    BodyHandler json = BodyHandler.create(false).setBodyLimit(MAX_JSON_BODY_BYTES);
    rest(router, json, HttpMethod.POST, "/1.1/fileTokens", api::createUploadToken);
    rest(router, json, HttpMethod.POST, "/1.1/fileCallback", api::uploadCallback);
    rest(router, json, HttpMethod.POST, "/1.1/files", api::createExternal);
    rest(router, json, HttpMethod.GET, "/1.1/files/:objectId", api::get);
    rest(router, json, HttpMethod.GET, "/1.1/classes/_File/:objectId", api::get);
    rest(router, json, HttpMethod.DELETE, "/1.1/files/:objectId", api::delete);
    rest(router, json, HttpMethod.DELETE, "/1.1/classes/_File/:objectId", api::delete);

    // No body handler: the upload streams.
    router.put(UPLOAD_PATH + ":objectId").handler(uploads::handle).failureHandler(Responses::routeFailure);
    router.route(DOWNLOAD_PATH + "*").method(HttpMethod.GET).method(HttpMethod.HEAD)
      .handler(answering(downloads::handle)).failureHandler(Responses::routeFailure);
    return router;
  }

  /** Stops the sweeping and closes the MongoDB client. */
  public Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    return mongo.close();
  }

  /** One pass of removing uploads abandoned long ago (also run every {@link #SWEEP_INTERVAL_MILLIS}). */
  Future<Integer> sweepAbandonedUploads() {
    return abandoned.sweep(System.currentTimeMillis());
  }

  /** Pings MongoDB: the health of this service. */
  public Future<Void> ping() {
    return Stores.pingMongo(mongo);
  }

  private static void rest(Router router, BodyHandler body, HttpMethod method, String path,
                           Function<RoutingContext, Future<?>> action) {
    router.route(method, path).handler(body).handler(answering(action)).failureHandler(Responses::routeFailure);
  }

  /** Runs an action; its failure (thrown or as a future) becomes the route's JSON error. */
  private static Handler<RoutingContext> answering(Function<RoutingContext, Future<?>> action) {
    return ctx -> {
      Future<?> done;
      try {
        done = action.apply(ctx);
      } catch (RuntimeException e) {
        done = Future.failedFuture(e);
      }
      done.onFailure(e -> Responses.failure(ctx, e));
    };
  }
}

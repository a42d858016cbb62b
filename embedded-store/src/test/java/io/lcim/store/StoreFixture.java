package io.lcim.store;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

/** A mongo-java-server on 127.0.0.1 (random port) with a backend, and a driver client talking to it. */
final class StoreFixture implements AutoCloseable {

  final MongoBackend backend;
  final MongoServer server;
  final MongoClient client;

  private StoreFixture(MongoBackend backend) {
    this.backend = backend;
    this.server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    this.client = MongoClients.create(MongoClientSettings.builder()
      .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + address.getPort()))
      .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
      .applyToSocketSettings(socket -> socket.readTimeout(60, TimeUnit.SECONDS))
      .build());
  }

  static StoreFixture start(MongoBackend backend) {
    return new StoreFixture(backend);
  }

  static StoreFixture indexed(StoreOptions options) {
    return new StoreFixture(new IndexedH2Backend(options));
  }

  IndexedH2Backend indexedBackend() {
    return (IndexedH2Backend) backend;
  }

  MongoDatabase db(String name) {
    return client.getDatabase(name);
  }

  @Override
  public void close() {
    client.close();
    server.shutdown();
  }
}

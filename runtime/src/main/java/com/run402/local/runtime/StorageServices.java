package com.run402.local.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.leases.Leases;
import com.run402.local.runtime.projects.ProjectService;
import com.run402.local.runtime.s3.S3Service;
import com.run402.local.runtime.storage.BlobListing;
import com.run402.local.runtime.storage.BlobSigner;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.usage.Budget;
import com.run402.local.runtime.usage.UsageMeter;
import javax.sql.DataSource;

/**
 * Bytes ({@code Engine.storage()}): the content-addressed store and the project objects over it, as
 * blobs and assets, and as the S3-compatible API.
 *
 * @param content content-addressed bytes (sha256) shared by storage, assets and the apply pipeline
 * @param objects project objects (S3 bucket, blobs, assets, legacy objects) over the content store
 * @param signer signs and checks expiring blob download URLs
 * @param listing {@code GET /storage/v1/blobs}
 * @param s3 the S3-compatible API (the emulator serves it on its own port)
 */
public record StorageServices(ContentStore content, ObjectStore objects, BlobSigner signer, BlobListing listing,
    S3Service s3) {

  static StorageServices create(RuntimeConfig config, DataSource admin, LocalSecrets secrets, UsageMeter usage,
      ProjectService projects, Leases leases, Budget budget, ObjectMapper json) {
    ContentStore content = new ContentStore(config.dataDir().resolve("content"));
    ObjectStore objects = new ObjectStore(admin, content, usage, config.clock());
    // Presigned URLs expire by the wall clock the client signed with, not the advanced emulator clock.
    S3Service s3 = new S3Service(admin, objects, projects, leases, budget, config.emulatorClock().base(), config.clock());
    return new StorageServices(content, objects, new BlobSigner(secrets.derive("blob-urls:v1")),
        new BlobListing(objects, json), s3);
  }
}

package com.run402.local.runtime.s3;

import com.run402.local.runtime.content.ContentRef;
import com.run402.local.runtime.content.ContentStore;
import com.run402.local.runtime.storage.ObjectStore;
import com.run402.local.runtime.storage.PutRequest;
import com.run402.local.runtime.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Create / UploadPart / Complete / Abort of S3 multipart uploads. */
final class S3Uploads {
  static final long MIN_PART = 5L * 1024 * 1024;
  static final long MAX_PART = 5L * 1024 * 1024 * 1024;
  private static final int MAX_COMPLETE_XML = 1024 * 1024;

  private final Multipart store;
  private final ObjectStore objects;
  private final Clock clock;

  S3Uploads(Multipart store, ObjectStore objects, Clock clock) {
    this.store = store;
    this.objects = objects;
    this.clock = clock;
  }

  S3Response create(String bucket, String key, S3Request r) {
    String type = r.header("content-type") == null ? "application/octet-stream" : r.header("content-type");
    Multipart.Upload u = store.create(bucket, key, type, clock.instant());
    return S3Response.xml(200, S3Xml.HEAD + "<InitiateMultipartUploadResult" + S3Xml.NS + "><Bucket>"
        + S3Xml.esc(bucket) + "</Bucket><Key>" + S3Xml.esc(key) + "</Key><UploadId>" + u.uploadId()
        + "</UploadId></InitiateMultipartUploadResult>");
  }

  S3Response part(String bucket, String key, S3Request r, SigV4Verifier.Verified v) {
    Multipart.Upload u = upload(r.param("uploadId"), bucket, key);
    int n;
    try {
      n = Integer.parseInt(r.param("partNumber"));
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > 10000) {
      throw S3Error.invalidArgument("Part number must be an integer between 1 and 10000, inclusive");
    }
    ContentRef ref = S3Body.store(objects.content(), r, v, MAX_PART);
    store.putPart(u.uploadId(), n, ref);
    Map<String, String> h = new LinkedHashMap<>();
    h.put("ETag", "\"" + ref.sha256() + "\"");
    return S3Response.empty(200, h);
  }

  S3Response complete(String bucket, String key, S3Request r) {
    Multipart.Upload u = upload(r.param("uploadId"), bucket, key);
    List<int[]> wanted = new ArrayList<>();
    List<String> etags = new ArrayList<>();
    parse(r.body(), wanted, etags);
    Map<Integer, Multipart.Part> have = new LinkedHashMap<>();
    store.parts(u.uploadId()).forEach(p -> have.put(p.number(), p));
    List<Multipart.Part> chosen = new ArrayList<>();
    int prev = 0;
    for (int i = 0; i < wanted.size(); i++) {
      int n = wanted.get(i)[0];
      if (n <= prev) {
        throw new S3Error(400, "InvalidPartOrder", "The list of parts was not in ascending order. "
            + "Parts must be ordered by part number.");
      }
      prev = n;
      Multipart.Part p = have.get(n);
      if (p == null || !etags.get(i).replace("\"", "").equals(p.sha256())) {
        throw new S3Error(400, "InvalidPart", "One or more of the specified parts could not be found. "
            + "The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.");
      }
      if (i < wanted.size() - 1 && p.size() < MIN_PART) {
        throw new S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed object size.");
      }
      chosen.add(p);
    }
    if (chosen.isEmpty()) {
      throw new S3Error(400, "MalformedXML", "You must specify at least one part");
    }
    ContentRef ref = objects.content().put(concat(objects.content(), chosen), null, null);
    StoredObject o = objects.bind(bucket, new PutRequest(StoredObject.BLOBS, key, u.contentType(), "private", false,
        null, null, null, Long.MAX_VALUE), ref);
    store.delete(u.uploadId());
    return S3Response.xml(200, S3Xml.HEAD + "<CompleteMultipartUploadResult" + S3Xml.NS + "><Location>/"
        + S3Xml.esc(bucket) + "/" + S3Xml.esc(key) + "</Location><Bucket>" + S3Xml.esc(bucket) + "</Bucket><Key>"
        + S3Xml.esc(key) + "</Key><ETag>" + S3Xml.esc(o.etag()) + "</ETag></CompleteMultipartUploadResult>");
  }

  /** ListMultipartUploads ({@code GET /bucket?uploads}): minio clients look for one to resume. */
  S3Response listUploads(String projectId, String bucketName, S3Request r) {
    String prefix = r.param("prefix") == null ? "" : r.param("prefix");
    StringBuilder b = new StringBuilder(S3Xml.HEAD).append("<ListMultipartUploadsResult").append(S3Xml.NS)
        .append("><Bucket>").append(S3Xml.esc(bucketName)).append("</Bucket><Prefix>").append(S3Xml.esc(prefix))
        .append("</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>");
    for (Multipart.Upload u : store.list(projectId, prefix)) {
      b.append("<Upload><Key>").append(S3Xml.esc(u.key())).append("</Key><UploadId>").append(u.uploadId())
          .append("</UploadId><StorageClass>STANDARD</StorageClass></Upload>");
    }
    return S3Response.xml(200, b.append("</ListMultipartUploadsResult>").toString());
  }

  /** ListParts ({@code GET /bucket/key?uploadId=}). */
  S3Response listParts(String bucket, String key, S3Request r) {
    Multipart.Upload u = upload(r.param("uploadId"), bucket, key);
    StringBuilder b = new StringBuilder(S3Xml.HEAD).append("<ListPartsResult").append(S3Xml.NS).append("><Key>")
        .append(S3Xml.esc(key)).append("</Key><UploadId>").append(u.uploadId())
        .append("</UploadId><IsTruncated>false</IsTruncated>");
    for (Multipart.Part p : store.parts(u.uploadId())) {
      b.append("<Part><PartNumber>").append(p.number()).append("</PartNumber><ETag>\"").append(p.sha256())
          .append("\"</ETag><Size>").append(p.size()).append("</Size></Part>");
    }
    return S3Response.xml(200, b.append("</ListPartsResult>").toString());
  }

  S3Response abort(String bucket, String key, S3Request r) {
    Multipart.Upload u = upload(r.param("uploadId"), bucket, key);
    store.delete(u.uploadId());
    return S3Response.empty(204, new LinkedHashMap<>());
  }

  private Multipart.Upload upload(String id, String bucket, String key) {
    if (id == null || id.isEmpty()) {
      throw noSuchUpload();
    }
    return store.find(id, bucket, key).orElseThrow(S3Uploads::noSuchUpload);
  }

  private static S3Error noSuchUpload() {
    return new S3Error(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid, "
        + "or the upload may have been aborted or completed.");
  }

  private static InputStream concat(ContentStore content, List<Multipart.Part> parts) {
    Iterator<Multipart.Part> it = parts.iterator();
    Enumeration<InputStream> e = new Enumeration<>() {
      @Override
      public boolean hasMoreElements() {
        return it.hasNext();
      }

      @Override
      public InputStream nextElement() {
        try {
          return content.open(it.next().sha256());
        } catch (IOException ex) {
          throw new S3Error(400, "InvalidPart", "A part's bytes are missing");
        }
      }
    };
    return new SequenceInputStream(e);
  }

  private static void parse(InputStream body, List<int[]> numbers, List<String> etags) {
    try {
      byte[] xml = body.readNBytes(MAX_COMPLETE_XML + 1);
      if (xml.length > MAX_COMPLETE_XML) {
        throw new S3Error(400, "MalformedXML", "The XML you provided was too large");
      }
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      NodeList parts = doc.getElementsByTagNameNS("*", "Part");
      if (parts.getLength() == 0) {
        parts = doc.getElementsByTagName("Part");
      }
      for (int i = 0; i < parts.getLength(); i++) {
        Element p = (Element) parts.item(i);
        numbers.add(new int[] {Integer.parseInt(text(p, "PartNumber").trim())});
        etags.add(text(p, "ETag").trim());
      }
    } catch (S3Error e) {
      throw e;
    } catch (Exception e) {
      throw new S3Error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate "
          + "against our published schema");
    }
  }

  private static String text(Element parent, String name) {
    NodeList l = parent.getElementsByTagNameNS("*", name);
    if (l.getLength() == 0) {
      l = parent.getElementsByTagName(name);
    }
    if (l.getLength() == 0) {
      throw new IllegalArgumentException("missing " + name);
    }
    return l.item(0).getTextContent();
  }

}

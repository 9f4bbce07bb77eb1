"""DOP Python backend: products CRUD on PostgreSQL, traced with OpenTelemetry.

Run: uvicorn backend.main:app --host 0.0.0.0 --port 8000

Tracing is configured only through the environment (read by the SDK):
  OTEL_RESOURCE_ATTRIBUTES=service.name=backend-service
  OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317   (or http://jaeger:4317)
"""

import logging
import threading
from contextlib import asynccontextmanager
from os import getenv

from fastapi import Depends, FastAPI, HTTPException
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

# --- OpenTelemetry: imports (lab "Traces") ----------------------------------
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.instrumentation.utils import suppress_instrumentation
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

# -----------------------------------------------------------------------------

from .database import Base, SessionLocal, engine
from .models import Product, ProductCreate, ProductRead

logger = logging.getLogger("uvicorn.error")

# The containers start together: PostgreSQL may not answer yet. Tables are
# created at startup if possible, otherwise on the first request that needs them.
_tables_lock = threading.Lock()
_tables_created = False


def create_tables() -> bool:
    global _tables_created
    with _tables_lock:
        if not _tables_created:
            try:
                # Plumbing, not worth a trace in Jaeger.
                with suppress_instrumentation():
                    Base.metadata.create_all(bind=engine)
                _tables_created = True
            except SQLAlchemyError as error:
                logger.warning("database not ready, tables not created yet: %s", error)
    return _tables_created


@asynccontextmanager
async def lifespan(app: FastAPI):
    create_tables()
    yield


app = FastAPI(root_path=getenv("ROOT_PATH", ""), lifespan=lifespan)

# --- OpenTelemetry: instrumentation (lab "Traces") --------------------------
# Service name and destination come from OTEL_RESOURCE_ATTRIBUTES and
# OTEL_EXPORTER_OTLP_ENDPOINT: nothing is hard-coded here.
tracerProvider = TracerProvider()
tracerProvider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(tracerProvider)
# One server span per HTTP request; /health is left out so that readiness
# probes do not flood Jaeger.
FastAPIInstrumentor.instrument_app(app, excluded_urls="health")
# One child span per SQL query (db.system=postgresql), under the request's span
# (needs opentelemetry-instrumentation-sqlalchemy).
SQLAlchemyInstrumentor().instrument(engine=engine)
# -----------------------------------------------------------------------------


def get_db():
    if not create_tables():
        raise HTTPException(status_code=503, detail="database not ready")
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@app.get("/")
def read_root():
    return {"message": "Hello World"}


@app.get("/health")
def health():
    # Ready only when the database answers (and the tables exist).
    try:
        if create_tables():
            with suppress_instrumentation(), engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            return {"status": "ok"}
    except SQLAlchemyError as error:
        logger.warning("health: database unavailable: %s", error)
    return JSONResponse(status_code=503, content={"status": "unavailable"})


@app.post("/products/", response_model=ProductRead)
def create_product(product: ProductCreate, db: Session = Depends(get_db)):
    db_product = Product(**product.model_dump())
    db.add(db_product)
    db.commit()
    db.refresh(db_product)
    return db_product


@app.get("/products/", response_model=list[ProductRead])
def read_products(skip: int = 0, limit: int = 100, db: Session = Depends(get_db)):
    return db.query(Product).offset(skip).limit(limit).all()


@app.get("/products/{product_id}", response_model=ProductRead)
def read_product(product_id: int, db: Session = Depends(get_db)):
    db_product = db.get(Product, product_id)
    if db_product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    return db_product


@app.delete("/products/{product_id}", response_model=ProductRead)
def delete_product(product_id: int, db: Session = Depends(get_db)):
    db_product = db.get(Product, product_id)
    if db_product is None:
        raise HTTPException(status_code=404, detail="Product not found")
    deleted = ProductRead.model_validate(db_product)
    db.delete(db_product)
    db.commit()
    return deleted

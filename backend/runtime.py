"""What a running server holds for its lifetime: settings, the engine, sessions, throttle."""

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.auth.throttle import LoginThrottle
from backend.config import Settings
from backend.db.engine import create_engine, session_factory


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    login_throttle: LoginThrottle

    @classmethod
    def start(cls, settings: Settings) -> "Runtime":
        engine = create_engine(settings.database_url)
        limits = settings.limits
        return cls(
            settings=settings,
            engine=engine,
            sessions=session_factory(engine),
            login_throttle=LoginThrottle(
                limits.login_attempts_per_window, limits.login_window_seconds
            ),
        )

    async def stop(self) -> None:
        await self.engine.dispose()

"""What the route modules are built with: the state, the views and the renderers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from packstation.sandbox.config import SandboxConfig
from packstation.sandbox.faults import FaultEngine
from packstation.sandbox.renders import Renders
from packstation.sandbox.shapes import Shapes
from packstation.sandbox.state import SandboxState
from packstation.sandbox.views_consignments import ConsignmentViews
from packstation.sandbox.views_options import OptionViews


@dataclass(frozen=True)
class Services:
    config: SandboxConfig
    state: SandboxState
    faults: FaultEngine
    option_views: OptionViews
    consignment_views: ConsignmentViews
    renders: Renders

    @classmethod
    def build(cls, config: SandboxConfig, state: SandboxState, faults: FaultEngine) -> Services:
        shapes = Shapes(legacy=config.legacy_shapes)
        customer = str(uuid.uuid5(uuid.NAMESPACE_URL, f"packstation-sandbox:{config.seed}"))
        return cls(
            config=config,
            state=state,
            faults=faults,
            option_views=OptionViews(state.catalog, shapes, customer),
            consignment_views=ConsignmentViews(state.catalog, shapes, customer),
            renders=Renders(config.double_base64_labels),
        )
